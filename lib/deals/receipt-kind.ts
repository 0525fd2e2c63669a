import type { Receipt } from "@/lib/db/schema";
import type { ReceiptPayment } from "@/lib/receipts/types";

export type ReceiptKind = "prepayment" | "full_payment" | "advance" | "offset" | "refund" | "correction" | "credit";

/** What a manager calls the receipt: by Bitrix24 check type, and «зачёт аванса» when it settles an earlier advance. */
export function receiptKind(r: Pick<Receipt, "source" | "checkType" | "operation"> & { receipt: { payments: readonly ReceiptPayment[] } }): ReceiptKind {
  if (r.source === "correction" || r.operation.endsWith("_correction")) return "correction";
  if (r.source === "refund" || r.operation === "sell_refund") return "refund";
  const t = r.checkType;
  if (t.startsWith("advance")) return "advance";
  if (t.startsWith("prepayment") || t.startsWith("fullprepayment")) return "prepayment";
  if (t.startsWith("credit")) return "credit";
  return r.receipt.payments.some((p) => p.type === "advance") ? "offset" : "full_payment";
}
