import type { Db } from "@/lib/db/client";
import { listCandidatePayments, listUnmatchedReceipts } from "@/lib/db/queries/payments";
import { setReceiptMatch } from "@/lib/db/queries/receipts";
import type { CrmPayment, Receipt } from "@/lib/db/schema";
import { matchReceipt, MAX_TIME_GAP_MS, type PaymentFacts } from "@/lib/reconcile/match-receipt";

// Links Bitrix24 receipts to the CRM payments snapshot. Runs after every payments sync and when a deal is opened;
// receipts left unmatched (payment not synced yet) or ambiguous are looked at again next time.

const SEARCH_WINDOW_MS = MAX_TIME_GAP_MS * 2;

function facts(p: CrmPayment): PaymentFacts {
  return {
    paymentId: p.paymentId,
    dealId: p.dealId,
    sumKop: p.sumKop,
    paid: p.paid,
    datePaid: p.datePaid?.getTime() ?? null,
    emails: p.contacts.emails,
    phones: p.contacts.phones,
    productNames: p.productNames,
  };
}

export async function matchReceiptToPayment(db: Db, r: Receipt): Promise<void> {
  const at = (r.bitrixCreatedAt ?? r.createdAt).getTime();
  const candidates = await listCandidatePayments(db, { portalId: r.portalId, sumKop: r.totalKop, from: new Date(at - SEARCH_WINDOW_MS), to: new Date(at + SEARCH_WINDOW_MS) });
  const result = matchReceipt(
    {
      totalKop: r.totalKop,
      createdAt: r.bitrixCreatedAt?.getTime() ?? null,
      email: r.receipt.client.email ?? null,
      phone: r.receipt.client.phone ?? null,
      itemNames: r.receipt.items.filter((i) => !i.isDelivery).map((i) => i.name),
    },
    candidates.map(facts),
  );
  const key = { portalId: r.portalId, id: r.id };
  if (result.kind === "matched") {
    await setReceiptMatch(db, key, { paymentId: result.paymentId, dealId: result.dealId, matchConfidence: result.confidence, matchMethod: "auto", matchEvidence: { candidates: result.evidence } });
  } else if (result.kind === "ambiguous") {
    await setReceiptMatch(db, key, { paymentId: null, dealId: null, matchConfidence: null, matchMethod: "ambiguous", matchEvidence: { candidates: result.candidates } });
  } else {
    await setReceiptMatch(db, key, { paymentId: null, dealId: null, matchConfidence: null, matchMethod: "none", matchEvidence: { reason: result.reason } });
  }
}

export async function matchUnmatchedReceipts(db: Db, portalId: string): Promise<number> {
  const pending = await listUnmatchedReceipts(db, { portalId, limit: 500 });
  for (const r of pending) await matchReceiptToPayment(db, r);
  return pending.length;
}
