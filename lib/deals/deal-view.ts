import type { Db } from "@/lib/db/client";
import { listDealPayments, listDealReceipts, listUnmatchedReceipts } from "@/lib/db/queries/payments";
import type { CrmPayment, Portal, Receipt } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { fiscalQrSvg } from "./fiscal-qr";
import { receiptKind } from "./receipt-kind";
import { syncDealPayments } from "./sync-payments";
import { paymentTodo } from "./todo";

// What the deal tab shows: the deal's payments from the snapshot (refreshed from CRM on open), each with the
// receipts matched to it and what it still owes fiscally, plus receipts that might be this deal's but are ambiguous.

const FINAL = new Set<Receipt["status"]>(["done", "failed", "needs_attention"]);

async function receiptView(r: Receipt) {
  return {
    id: r.id,
    kind: receiptKind(r),
    status: r.status,
    totalKop: r.totalKop,
    fiscal: r.fiscal ? { ...r.fiscal, fiscalAt: new Date(r.fiscal.fiscalAt).toISOString() } : null,
    ofdUrl: r.fiscal?.ofdReceiptUrl ?? null,
    qrSvg: await fiscalQrSvg(r),
    contact: r.receipt.client.email ?? r.receipt.client.phone ?? null,
    lastError: r.status === "failed" || r.status === "needs_attention" ? r.lastError : null,
    match: { confidence: (r.matchConfidence ?? 0) / 100, method: r.matchMethod === "app" ? "app" : r.matchMethod === "manual" ? "manual" : "auto" },
  };
}

function paymentOf(p: CrmPayment) {
  return {
    id: p.paymentId,
    accountNumber: p.accountNumber,
    sumKop: p.sumKop,
    currency: p.currency,
    paid: p.paid,
    datePaid: p.datePaid?.toISOString() ?? null,
    paySystemName: p.paySystemName,
  };
}

export async function getDealView(db: Db, portal: Portal, dealId: number) {
  // A portal that does not answer must not hide what we already know: show the snapshot and say when it is from.
  await syncDealPayments(db, portal, dealId).catch((err) => log.warn("deal payments refresh failed", { portalId: portal.id, dealId, error: err }));
  const [payments, receipts] = await Promise.all([listDealPayments(db, { portalId: portal.id, dealId }), listDealReceipts(db, { portalId: portal.id, dealId })]);
  const paymentIds = new Set(payments.map((p) => p.paymentId));
  const ambiguous = (await listUnmatchedReceipts(db, { portalId: portal.id, limit: 200 })).filter(
    (r) => r.matchMethod === "ambiguous" && ((r.matchEvidence?.candidates as Array<{ paymentId: number }> | undefined) ?? []).some((c) => paymentIds.has(c.paymentId)),
  );
  const now = Date.now();
  return {
    deal: { id: dealId, title: null as string | null },
    payments: await Promise.all(
      payments.map(async (p) => {
        const own = receipts.filter((r) => r.paymentId === p.paymentId);
        return { ...paymentOf(p), receipts: await Promise.all(own.map(receiptView)), todo: paymentTodo(p, own, now) };
      }),
    ),
    unmatched: await Promise.all(ambiguous.map(receiptView)),
    pending: receipts.some((r) => !FINAL.has(r.status)),
    syncedAt: payments.reduce<Date | null>((a, p) => (!a || p.syncedAt > a ? p.syncedAt : a), null)?.toISOString() ?? null,
  };
}
