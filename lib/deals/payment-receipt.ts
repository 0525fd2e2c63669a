import { randomUUID } from "node:crypto";
import { portalRest } from "@/lib/bitrix/portal-client";
import type { Actor } from "@/lib/cashboxes/service";
import { suggestVatCode } from "@/lib/cashboxes/vat";
import type { Db } from "@/lib/db/client";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { enqueueJob } from "@/lib/db/queries/outbox";
import { getPayment, listDealReceipts } from "@/lib/db/queries/payments";
import { addAudit } from "@/lib/db/queries/audit";
import { getReceiptByRequestKey, insertReceiptOnce } from "@/lib/db/queries/receipts";
import type { CashboxProfile, Receipt } from "@/lib/db/schema";
import { externalIdFor } from "@/lib/fiscal/external-id";
import { AppError } from "@/lib/http/errors";
import { formatRub } from "@/lib/receipts/money";
import { measureFromOkei } from "@/lib/receipts/okei";
import type { DomainReceipt, ReceiptItem } from "@/lib/receipts/types";
import { effectiveVat, vatSumKop } from "@/lib/receipts/vat";
import { readDealRows, readPaymentRows } from "./read-crm";
import { receiptKind } from "./receipt-kind";

// Receipts Bitrix24 does not print by itself: a paid payment of an order with several payments (automatic receipts
// are off there), and the offset receipt (зачёт аванса) once the goods are delivered. Built from the payment's
// products, previewed, then sent through the same pipeline — one per payment and kind, however often it is asked.

export type PaymentReceiptKind = "full" | "offset";

export interface PaymentReceiptPlan {
  receipt: DomainReceipt;
  profile: CashboxProfile;
  warnings: string[];
}

export async function planPaymentReceipt(db: Db, { user, portal }: Actor, dealId: number, paymentId: number, kind: PaymentReceiptKind): Promise<PaymentReceiptPlan> {
  if (!user.isAdmin) throw new AppError("forbidden", "Пробить чек может администратор портала");
  const payment = await getPayment(db, { portalId: portal.id, paymentId });
  if (!payment || payment.dealId !== dealId) throw new AppError("not_found", "Платёж не найден в этой сделке");
  if (!payment.paid) throw new AppError("conflict", "Платёж ещё не оплачен");
  const profile = await profileFor(db, portal.id, dealId);
  const rest = portalRest(db, portal);
  const [rows, paymentRows] = await Promise.all([readDealRows(rest, dealId), readPaymentRows(rest, [paymentId])]);
  const warnings: string[] = [];
  const items: ReceiptItem[] = (paymentRows.get(paymentId) ?? []).map(({ rowId, quantity }) => {
    const row = rows.get(rowId);
    if (!row) throw new AppError("conflict", "Товар платежа не найден в сделке — обновите сделку");
    const quantityMilli = Math.round(quantity * 1000);
    const sumKop = Math.round((row.priceKop * quantityMilli) / 1000);
    const vat = effectiveVat(suggestVatCode(row.taxRate), "full_payment");
    const measure = measureFromOkei(row.measureCode ?? undefined);
    if (!measure.known) warnings.push(`Единица измерения «${row.name}» не распознана — в чеке будет «иная»`);
    return { name: row.name, priceKop: row.priceKop, quantityMilli, sumKop, vat, vatSumKop: vatSumKop(sumKop, vat), paymentMethod: "full_payment", paymentObject: 1, measure: measure.measure };
  });
  if (!items.length) throw new AppError("conflict", "В платеже нет товаров — чек не из чего собрать");
  const totalKop = items.reduce((a, i) => a + i.sumKop, 0);
  if (totalKop !== payment.sumKop) {
    throw new AppError("conflict", `Сумма товаров платежа ${formatRub(totalKop)} не равна сумме платежа ${formatRub(payment.sumKop)}: проверьте товары и доставку в сделке`);
  }
  const email = payment.contacts.emails[0];
  const phone = payment.contacts.phones[0];
  if (!email && !phone) throw new AppError("conflict", "У контакта сделки нет e-mail или телефона: чек некуда отправить");
  const payType = kind === "offset" ? "advance" : payment.isCash ? "cash" : "cashless";
  return {
    profile,
    warnings,
    receipt: { operation: "sell", checkType: "sell", items, payments: [{ type: payType, sumKop: totalKop }], totalKop, client: email ? { email } : { phone }, company: profile.company },
  };
}

export async function createPaymentReceipt(db: Db, actor: Actor, dealId: number, paymentId: number, kind: PaymentReceiptKind): Promise<Receipt> {
  const requestKey = `payment:${paymentId}:${kind}`;
  const existing = await getReceiptByRequestKey(db, { portalId: actor.portal.id, requestKey });
  if (existing) return existing;
  const plan = await planPaymentReceipt(db, actor, dealId, paymentId, kind);
  // The offset settles an advance: it is linked to that advance's receipt.
  const advance =
    kind === "offset"
      ? (await listDealReceipts(db, { portalId: actor.portal.id, dealId })).find((r) => r.paymentId === paymentId && ["advance", "prepayment"].includes(receiptKind(r)) && r.status !== "failed")
      : undefined;
  const id = randomUUID();
  const stored = await db.transaction(async (tx) => {
    const row = await insertReceiptOnce(tx, {
      id,
      portalId: actor.portal.id,
      profileId: plan.profile.id,
      source: "payment",
      requestKey,
      checkType: plan.receipt.checkType,
      operation: plan.receipt.operation,
      receipt: plan.receipt,
      totalKop: plan.receipt.totalKop,
      externalId: externalIdFor(id, 1),
      createdBy: actor.user.userId,
      paymentId,
      dealId,
      refersToId: advance?.id ?? null,
      matchMethod: "app",
      matchConfidence: 100,
    });
    if (row) await enqueueJob(tx, { portalId: actor.portal.id, receiptId: row.id, kind: "fiscalise", key: `fiscalise:${row.id}` });
    return row;
  });
  const result = stored ?? (await getReceiptByRequestKey(db, { portalId: actor.portal.id, requestKey }));
  if (!result) throw new AppError("conflict", "Не удалось создать чек, повторите");
  if (stored) await addAudit(db, { portalId: actor.portal.id, userId: actor.user.userId, action: `receipt.payment_${kind}`, details: { receiptId: stored.id, paymentId, dealId } });
  return result;
}

/** The cashbox of the deal's earlier receipts, or the portal's only usable one. */
async function profileFor(db: Db, portalId: string, dealId: number): Promise<CashboxProfile> {
  const usable = (await listProfiles(db, portalId)).filter((p) => p.active && p.credentialsEnc !== null);
  const used = (await listDealReceipts(db, { portalId, dealId })).map((r) => r.profileId);
  const profile = usable.find((p) => used.includes(p.id)) ?? (usable.length === 1 ? usable[0] : undefined);
  if (!profile) throw new AppError("conflict", "Не выбрана касса: добавьте кассу в настройках приложения");
  return profile;
}
