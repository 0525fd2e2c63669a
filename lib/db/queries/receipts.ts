import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { receiptAttempts, receipts, type NewReceipt, type Receipt } from "../schema";

// Receipts, always scoped by portal.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getReceipt(db: Db, p: { portalId: string; id: string }): Promise<Receipt | undefined> {
  if (!UUID.test(p.id)) return undefined;
  const [row] = await db.select().from(receipts).where(and(eq(receipts.portalId, p.portalId), eq(receipts.id, p.id))).limit(1);
  return row;
}

export async function getReceiptByBitrixUuid(db: Db, p: { portalId: string; bitrixUuid: string }): Promise<Receipt | undefined> {
  const [row] = await db.select().from(receipts).where(and(eq(receipts.portalId, p.portalId), eq(receipts.bitrixUuid, p.bitrixUuid))).limit(1);
  return row;
}

export async function getReceiptByRequestKey(db: Db, p: { portalId: string; requestKey: string }): Promise<Receipt | undefined> {
  const [row] = await db.select().from(receipts).where(and(eq(receipts.portalId, p.portalId), eq(receipts.requestKey, p.requestKey))).limit(1);
  return row;
}

/** Inserts unless a receipt with the same Bitrix uuid / request key exists; returns the inserted row or undefined. */
export async function insertReceiptOnce(db: Db, values: NewReceipt): Promise<Receipt | undefined> {
  const [row] = await db.insert(receipts).values(values).onConflictDoNothing().returning();
  return row;
}

export type ReceiptPatch = Partial<Omit<NewReceipt, "id" | "portalId" | "createdAt">>;

/**
 * Updates a receipt only while it is still in the state the caller saw (status and attempt), so a stale worker
 * (its lease lost) cannot overwrite what a newer one stored. Returns the row, or undefined if the guard failed.
 */
export async function updateReceiptGuarded(
  db: Db,
  guard: { portalId: string; id: string; status: Receipt["status"]; attempt: number },
  patch: ReceiptPatch,
): Promise<Receipt | undefined> {
  const [row] = await db
    .update(receipts)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(receipts.portalId, guard.portalId), eq(receipts.id, guard.id), eq(receipts.status, guard.status), eq(receipts.attempt, guard.attempt)))
    .returning();
  return row;
}

export interface AttemptRecord {
  portalId: string;
  receiptId: string;
  kind: "register" | "report" | "apply";
  externalId?: string | null;
  outcome: string;
  detail?: Record<string, unknown>;
  latencyMs: number;
}

export async function addAttempt(db: Db, a: AttemptRecord): Promise<void> {
  await db.insert(receiptAttempts).values({ ...a, externalId: a.externalId ?? null, detail: a.detail ?? {} });
}

/** Several attempts in one statement (a check.apply batch records one per receipt). */
export async function addAttempts(db: Db, rows: AttemptRecord[]): Promise<void> {
  if (!rows.length) return;
  await db.insert(receiptAttempts).values(rows.map((a) => ({ ...a, externalId: a.externalId ?? null, detail: a.detail ?? {} })));
}

/** The portal's receipts with these ids (the outbox works on many at once). */
export async function getReceiptsByIds(db: Db, p: { portalId: string; ids: string[] }): Promise<Receipt[]> {
  const ids = p.ids.filter((id) => UUID.test(id));
  if (!ids.length) return [];
  return db.select().from(receipts).where(and(eq(receipts.portalId, p.portalId), inArray(receipts.id, ids)));
}

/**
 * Bitrix24 has these results: fiscalised receipts are done, failed ones stay failed; both remember when. Only rows
 * still in those states (a failed receipt resent meanwhile is left alone).
 */
export async function markReportedToBitrix(db: Db, p: { portalId: string; ids: string[] }): Promise<void> {
  if (!p.ids.length) return;
  await db
    .update(receipts)
    .set({ status: sql`case when ${receipts.status} = 'fiscalised' then 'done' else ${receipts.status} end`, bitrixReportedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(receipts.portalId, p.portalId), inArray(receipts.id, p.ids), inArray(receipts.status, ["fiscalised", "failed"])));
}

export async function listAttempts(db: Db, p: { portalId: string; receiptId: string }) {
  return db
    .select()
    .from(receiptAttempts)
    .where(and(eq(receiptAttempts.portalId, p.portalId), eq(receiptAttempts.receiptId, p.receiptId)))
    .orderBy(desc(receiptAttempts.at));
}

/** Only for signed provider callbacks, whose URL names the receipt but not the portal. */
export async function getReceiptAnyPortal(db: Db, id: string): Promise<Pick<Receipt, "id" | "portalId"> | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await db.select({ id: receipts.id, portalId: receipts.portalId }).from(receipts).where(eq(receipts.id, id)).limit(1);
  return row;
}

export interface ListReceiptsParams {
  portalId: string;
  statuses?: Receipt["status"][];
  limit: number;
}

/** Newest first; support filters by state (failed, needs_attention…). */
export async function listReceipts(db: Db, p: ListReceiptsParams): Promise<Receipt[]> {
  const where = p.statuses?.length ? and(eq(receipts.portalId, p.portalId), inArray(receipts.status, p.statuses)) : eq(receipts.portalId, p.portalId);
  return db.select().from(receipts).where(where).orderBy(desc(receipts.createdAt)).limit(p.limit);
}

export interface ReceiptMatch {
  paymentId: number | null;
  dealId: number | null;
  matchConfidence: number | null;
  matchMethod: NonNullable<Receipt["matchMethod"]>;
  matchEvidence: Record<string, unknown>;
}

/** Links a receipt to its CRM payment (or records why it could not be linked). */
export async function setReceiptMatch(db: Db, p: { portalId: string; id: string }, match: ReceiptMatch): Promise<void> {
  await db.update(receipts).set({ ...match, updatedAt: sql`now()` }).where(and(eq(receipts.portalId, p.portalId), eq(receipts.id, p.id)));
}
