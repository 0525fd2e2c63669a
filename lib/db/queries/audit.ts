import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { auditLog, type AuditEntry } from "../schema";

// The audit log of support work: one row per action, keyed by `subject` (`mismatch:<id>`, `receipt:<id>`) so a
// record's whole history is one indexed query.

export interface AuditEntryParams {
  portalId: string;
  userId: number | null;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

export async function addAuditEntry(db: Db, p: AuditEntryParams): Promise<AuditEntry> {
  const [row] = await db
    .insert(auditLog)
    .values({ portalId: p.portalId, userId: p.userId, action: p.action, subject: p.subject, details: p.details ?? {} })
    .returning();
  return row!;
}

/** Newest first; several subjects at once (a mismatch and its receipts). */
export async function listAuditBySubjects(db: Db, p: { portalId: string; subjects: string[]; limit?: number }): Promise<AuditEntry[]> {
  if (!p.subjects.length) return [];
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.portalId, p.portalId), inArray(auditLog.subject, p.subjects)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(p.limit ?? 200);
}
