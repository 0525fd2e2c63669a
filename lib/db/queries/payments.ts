import { and, desc, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { crmPayments, receipts, type CrmPayment, type NewCrmPayment, type Receipt } from "../schema";

// The CRM payments snapshot and the receipts linked to it, scoped by portal.

/** Inserts or refreshes one payment (the latest read of Bitrix24 wins). */
export async function upsertPayment(db: Db, values: NewCrmPayment): Promise<void> {
  const { portalId: _p, paymentId: _id, ...update } = values;
  await db
    .insert(crmPayments)
    .values(values)
    .onConflictDoUpdate({ target: [crmPayments.portalId, crmPayments.paymentId], set: { ...update, syncedAt: sql`now()` } });
}

export async function listDealPayments(db: Db, p: { portalId: string; dealId: number }): Promise<CrmPayment[]> {
  return db.select().from(crmPayments).where(and(eq(crmPayments.portalId, p.portalId), eq(crmPayments.dealId, p.dealId))).orderBy(crmPayments.paymentId);
}

export async function getPayment(db: Db, p: { portalId: string; paymentId: number }): Promise<CrmPayment | undefined> {
  const [row] = await db.select().from(crmPayments).where(and(eq(crmPayments.portalId, p.portalId), eq(crmPayments.paymentId, p.paymentId))).limit(1);
  return row;
}

/** Paid payments of one sum paid within a window: the candidates for a receipt. */
export async function listCandidatePayments(db: Db, p: { portalId: string; sumKop: number; from: Date; to: Date }): Promise<CrmPayment[]> {
  return db
    .select()
    .from(crmPayments)
    .where(
      and(
        eq(crmPayments.portalId, p.portalId),
        eq(crmPayments.sumKop, p.sumKop),
        eq(crmPayments.paid, true),
        or(isNull(crmPayments.datePaid), and(gte(crmPayments.datePaid, p.from), lte(crmPayments.datePaid, p.to))),
      ),
    );
}

export async function listDealReceipts(db: Db, p: { portalId: string; dealId: number }): Promise<Receipt[]> {
  return db.select().from(receipts).where(and(eq(receipts.portalId, p.portalId), eq(receipts.dealId, p.dealId))).orderBy(receipts.createdAt);
}

/** Bitrix24 receipts not linked to a payment yet (or flagged ambiguous), newest first. */
export async function listUnmatchedReceipts(db: Db, p: { portalId: string; limit: number }): Promise<Receipt[]> {
  return db
    .select()
    .from(receipts)
    .where(and(eq(receipts.portalId, p.portalId), eq(receipts.source, "bitrix"), isNull(receipts.paymentId)))
    .orderBy(desc(receipts.createdAt))
    .limit(p.limit);
}

export async function receiptsByIds(db: Db, p: { portalId: string; ids: string[] }): Promise<Receipt[]> {
  if (!p.ids.length) return [];
  return db.select().from(receipts).where(and(eq(receipts.portalId, p.portalId), inArray(receipts.id, p.ids)));
}
