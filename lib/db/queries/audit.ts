import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { auditLog, type AuditEntry } from "../schema";

// The audit log: one row per action (settings, installs, receipts started by people, support work). Support's rows
// carry a `subject` (`mismatch:<id>`, `receipt:<id>`) so a record's whole history is one indexed query.

export interface AuditParams {
  portalId: string;
  /** Null for what Bitrix24 did (install and uninstall events). */
  userId?: number | null;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown>;
}

export async function addAudit(db: Db, p: AuditParams): Promise<AuditEntry> {
  const [row] = await db
    .insert(auditLog)
    .values({ portalId: p.portalId, userId: p.userId ?? null, action: p.action, subject: p.subject ?? null, details: p.details ?? {} })
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
