import { and, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { mismatches, receipts, type MismatchRow, type Receipt } from "../schema";

// The support queue's two sources: mismatches (filtered by kind, cause, status, day, deal, cashbox) and receipts that
// failed or need attention. Both are read newest first; the service merges them.

export interface MismatchQueueFilter {
  portalId: string;
  kinds?: string[];
  causes?: string[];
  status?: MismatchRow["status"];
  fromDay?: string;
  toDay?: string;
  dealId?: number;
  profileId?: string;
  assigneeId?: number;
}

function mismatchWhere(f: MismatchQueueFilter): SQL {
  return and(
    eq(mismatches.portalId, f.portalId),
    f.kinds?.length ? inArray(mismatches.kind, f.kinds) : undefined,
    f.causes?.length ? inArray(mismatches.cause, f.causes) : undefined,
    f.status ? eq(mismatches.status, f.status) : undefined,
    f.fromDay ? gte(mismatches.day, f.fromDay) : undefined,
    f.toDay ? lte(mismatches.day, f.toDay) : undefined,
    f.dealId !== undefined ? eq(mismatches.dealId, f.dealId) : undefined,
    f.profileId ? eq(mismatches.profileId, f.profileId) : undefined,
    f.assigneeId !== undefined ? eq(mismatches.assigneeId, f.assigneeId) : undefined,
  )!;
}

export async function listQueueMismatches(db: Db, f: MismatchQueueFilter & { limit: number }): Promise<MismatchRow[]> {
  return db.select().from(mismatches).where(mismatchWhere(f)).orderBy(desc(mismatches.day), desc(mismatches.lastSeenAt), desc(mismatches.id)).limit(f.limit);
}

export async function countQueueMismatches(db: Db, f: MismatchQueueFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(mismatches).where(mismatchWhere(f));
  return Number(row?.n ?? 0);
}

/** Open mismatches per kind (the counts beside the filters), within the other filters' period and cashbox. */
export async function countOpenByKind(db: Db, f: Pick<MismatchQueueFilter, "portalId" | "fromDay" | "toDay" | "profileId">) {
  return db
    .select({ kind: mismatches.kind, n: count() })
    .from(mismatches)
    .where(mismatchWhere({ ...f, status: "open" }))
    .groupBy(mismatches.kind);
}

export const QUEUE_RECEIPT_STATUSES = ["failed", "needs_attention"] as const satisfies Receipt["status"][];

export interface ReceiptQueueFilter {
  portalId: string;
  statuses: Receipt["status"][];
  /** Created within [from, to) — the portal-zone days of the filter, converted by the caller. */
  from?: Date;
  to?: Date;
  dealId?: number;
  profileId?: string;
}

function receiptWhere(f: ReceiptQueueFilter): SQL {
  return and(
    eq(receipts.portalId, f.portalId),
    inArray(receipts.status, f.statuses),
    f.from ? gte(receipts.createdAt, f.from) : undefined,
    f.to ? lt(receipts.createdAt, f.to) : undefined,
    f.dealId !== undefined ? eq(receipts.dealId, f.dealId) : undefined,
    f.profileId ? eq(receipts.profileId, f.profileId) : undefined,
  )!;
}

export async function listQueueReceipts(db: Db, f: ReceiptQueueFilter & { limit: number }): Promise<Receipt[]> {
  return db.select().from(receipts).where(receiptWhere(f)).orderBy(desc(receipts.createdAt), desc(receipts.id)).limit(f.limit);
}

export async function countQueueReceipts(db: Db, f: ReceiptQueueFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(receipts).where(receiptWhere(f));
  return Number(row?.n ?? 0);
}

export async function getMismatch(db: Db, p: { portalId: string; id: string }): Promise<MismatchRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(p.id)) return undefined;
  const [row] = await db.select().from(mismatches).where(and(eq(mismatches.portalId, p.portalId), eq(mismatches.id, p.id))).limit(1);
  return row;
}

export type MismatchPatch = Partial<Pick<MismatchRow, "status" | "note" | "resolvedBy" | "resolvedAt" | "assigneeId">>;

/** Changes a mismatch only while it has the status the caller saw (`whenStatus`); undefined when it did not. */
export async function updateMismatch(db: Db, p: { portalId: string; id: string; whenStatus?: MismatchRow["status"] }, patch: MismatchPatch): Promise<MismatchRow | undefined> {
  const [row] = await db
    .update(mismatches)
    .set(patch)
    .where(and(eq(mismatches.portalId, p.portalId), eq(mismatches.id, p.id), p.whenStatus ? eq(mismatches.status, p.whenStatus) : undefined))
    .returning();
  return row;
}

/** Mismatches that name a receipt (jsonb containment on `receipt_ids`). */
export async function listMismatchesOfReceipt(db: Db, p: { portalId: string; receiptId: string }): Promise<MismatchRow[]> {
  return db
    .select()
    .from(mismatches)
    .where(and(eq(mismatches.portalId, p.portalId), sql`${mismatches.receiptIds} @> ${JSON.stringify([p.receiptId])}::jsonb`))
    .orderBy(desc(mismatches.day))
    .limit(50);
}
