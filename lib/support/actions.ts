import { z } from "zod";
import type { SessionUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { addAudit } from "@/lib/db/queries/audit";
import { getPortalSettings } from "@/lib/db/queries/portal-settings";
import { getMismatch, updateMismatch } from "@/lib/db/queries/support-queue";
import type { MismatchRow, Portal } from "@/lib/db/schema";
import { AppError } from "@/lib/http/errors";

// What support does to a mismatch: resolve with a note, reopen, assign. Each change writes one audit row under
// `mismatch:<id>`; repeating a change that already holds (a double click, two people at once) changes nothing.

export const resolveSchema = z.object({
  note: z.string({ error: "Напишите, как решено расхождение" }).trim().min(3, "Напишите, как решено расхождение (хотя бы несколько слов)").max(2000, "Заметка длиннее 2000 символов"),
});
export const reopenSchema = z.object({ note: z.string().trim().max(2000, "Заметка длиннее 2000 символов").optional() });
export const assignSchema = z.object({ userId: z.number({ error: "Выберите сотрудника" }).int().positive().nullable() });

interface Actor {
  db: Db;
  portal: Portal;
  user: SessionUser;
}

async function mismatchOrThrow({ db, portal }: Actor, id: string): Promise<MismatchRow> {
  const m = await getMismatch(db, { portalId: portal.id, id });
  if (!m) throw new AppError("not_found", "Расхождение не найдено");
  return m;
}

const subject = (id: string) => `mismatch:${id}`;

export async function resolveMismatch(a: Actor, id: string, input: z.infer<typeof resolveSchema>): Promise<{ item: MismatchRow; changed: boolean }> {
  const m = await mismatchOrThrow(a, id);
  if (m.status === "resolved") return { item: m, changed: false };
  const row = await updateMismatch(a.db, { portalId: a.portal.id, id, whenStatus: "open" }, { status: "resolved", note: input.note, resolvedBy: a.user.userId, resolvedAt: new Date() });
  // Someone else resolved it a moment earlier: theirs stands, and no second audit row.
  if (!row) return { item: await mismatchOrThrow(a, id), changed: false };
  await addAudit(a.db, { portalId: a.portal.id, userId: a.user.userId, action: "mismatch.resolve", subject: subject(id), details: { note: input.note, kind: m.kind, cause: m.cause, userName: a.user.name } });
  return { item: row, changed: true };
}

export async function reopenMismatch(a: Actor, id: string, input: z.infer<typeof reopenSchema>): Promise<{ item: MismatchRow; changed: boolean }> {
  const m = await mismatchOrThrow(a, id);
  if (m.status === "open") return { item: m, changed: false };
  const row = await updateMismatch(a.db, { portalId: a.portal.id, id, whenStatus: "resolved" }, { status: "open", resolvedBy: null, resolvedAt: null });
  if (!row) return { item: await mismatchOrThrow(a, id), changed: false };
  await addAudit(a.db, { portalId: a.portal.id, userId: a.user.userId, action: "mismatch.reopen", subject: subject(id), details: { note: input.note ?? null, previousNote: m.note, userName: a.user.name } });
  return { item: row, changed: true };
}

/** To a named support user, to oneself, or to nobody (null). */
export async function assignMismatch(a: Actor, id: string, input: z.infer<typeof assignSchema>): Promise<{ item: MismatchRow; changed: boolean }> {
  const m = await mismatchOrThrow(a, id);
  if (input.userId !== null && input.userId !== a.user.userId) {
    const settings = await getPortalSettings(a.db, a.portal.id);
    if (!settings.supportUserIds.includes(input.userId)) throw new AppError("validation", "Назначить можно себя или сотрудника из списка поддержки", { fields: { userId: "Этого сотрудника нет в списке поддержки" } });
  }
  if (m.assigneeId === input.userId) return { item: m, changed: false };
  const row = (await updateMismatch(a.db, { portalId: a.portal.id, id }, { assigneeId: input.userId }))!;
  await addAudit(a.db, { portalId: a.portal.id, userId: a.user.userId, action: "mismatch.assign", subject: subject(id), details: { from: m.assigneeId, to: input.userId, userName: a.user.name } });
  return { item: row, changed: true };
}
