import type { CrmPayment, Receipt } from "@/lib/db/schema";
import { receiptKind } from "./receipt-kind";

// «Что ещё нужно пробить»: what a paid payment still owes fiscally. Bitrix24 prints nothing by itself for orders
// with several payments, and the offset receipt (зачёт аванса) needs a hidden option — so these gaps are common.

/** Bitrix24 prints within seconds of the payment; only after this is a missing receipt a gap. */
export const RECEIPT_GRACE_MS = 5 * 60_000;

export type TodoKind = "no_receipt" | "offset_missing";

export interface Todo {
  kind: TodoKind;
  message: string;
}

const live = (r: Receipt) => r.status !== "failed";

export function paymentTodo(p: CrmPayment, receipts: Receipt[], now: number): Todo[] {
  if (!p.paid) return [];
  const sales = receipts.filter((r) => r.paymentId === p.paymentId && live(r) && r.operation === "sell");
  const kinds = new Set(sales.map(receiptKind));
  if (!sales.length) {
    const paidLongAgo = !p.datePaid || now - p.datePaid.getTime() > RECEIPT_GRACE_MS;
    return paidLongAgo ? [{ kind: "no_receipt", message: "Платёж оплачен, но чека нет" }] : [];
  }
  if ((kinds.has("advance") || kinds.has("prepayment")) && !kinds.has("offset") && !kinds.has("full_payment")) {
    return [{ kind: "offset_missing", message: "Аванс пробит, а чек зачёта аванса — ещё нет. Пробейте его, когда товар передан покупателю." }];
  }
  return [];
}
