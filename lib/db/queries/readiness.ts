import { and, count, desc, eq, isNotNull, like, sql } from "drizzle-orm";
import type { Db } from "../client";
import { crmPayments, receipts, type Receipt } from "../schema";

// What the readiness check reads from our own tables, scoped by portal.

/** Test receipts carry this request-key prefix (no column of their own: no schema change for a setup aid). */
export const TEST_RECEIPT_KEY = "readiness-test:";

export async function listTestReceipts(db: Db, p: { portalId: string; profileId: string }): Promise<Receipt[]> {
  return db
    .select()
    .from(receipts)
    .where(and(eq(receipts.portalId, p.portalId), eq(receipts.profileId, p.profileId), like(receipts.requestKey, `${TEST_RECEIPT_KEY}${p.profileId}:%`)))
    .orderBy(desc(receipts.createdAt));
}

/** Orders in the payments snapshot with more than one payment (Bitrix24 prints no automatic receipt for them). */
export async function countOrdersWithSeveralPayments(db: Db, portalId: string): Promise<number> {
  const several = db
    .select({ orderId: crmPayments.orderId })
    .from(crmPayments)
    .where(and(eq(crmPayments.portalId, portalId), isNotNull(crmPayments.orderId)))
    .groupBy(crmPayments.orderId)
    .having(sql`count(*) > 1`)
    .as("several");
  const [row] = await db.select({ n: count() }).from(several);
  return row?.n ?? 0;
}
