import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { countOpenByKind, countQueueMismatches, countQueueReceipts, listQueueMismatches, listQueueReceipts, QUEUE_RECEIPT_STATUSES, type MismatchQueueFilter, type ReceiptQueueFilter } from "@/lib/db/queries/support-queue";
import type { MismatchRow, Portal, Receipt } from "@/lib/db/schema";
import { dayKey } from "@/lib/reconcile/calendar";
import { MISMATCH_CAUSES, MISMATCH_KINDS } from "@/lib/reconcile/types";
import { dayStartUtc, nextDay, portalZone } from "./days";
import type { QueueItem as QueueItemView } from "./api-types";

// The support queue: mismatches and receipts that failed or need attention, in one list with one set of filters.

/** Queue kinds beyond the mismatch kinds: a receipt the provider refused, or one whose outcome is unknown. */
export const RECEIPT_QUEUE_KINDS = ["receipt_failed", "receipt_needs_attention"] as const;
export const QUEUE_KINDS = [...MISMATCH_KINDS, ...RECEIPT_QUEUE_KINDS] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

const MAX_DEPTH = 5000;

const list = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : []))
    .pipe(z.array(z.enum(values, { error: message })));

export const queueQuerySchema = z
  .object({
    kind: list(QUEUE_KINDS, "Неизвестный вид расхождения"),
    cause: list(MISMATCH_CAUSES, "Неизвестная причина"),
    status: z.enum(["open", "resolved", "all"], { error: "Статус: open, resolved или all" }).default("open"),
    from: z.iso.date({ error: "Дата «с» — в формате ГГГГ-ММ-ДД" }).optional(),
    to: z.iso.date({ error: "Дата «по» — в формате ГГГГ-ММ-ДД" }).optional(),
    deal: z.coerce.number({ error: "Номер сделки — целое число" }).int("Номер сделки — целое число").positive("Номер сделки — целое число").optional(),
    cashbox: z.uuid({ error: "Неизвестная касса" }).optional(),
    assignee: z.coerce.number().int().positive().optional(),
    page: z.coerce.number().int().min(1).max(1000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "Дата «с» позже даты «по»", path: ["from"] })
  // Each page reads up to its end from both sources; deep pages are for narrower filters, not for scrolling.
  .refine((q) => q.page * q.pageSize <= MAX_DEPTH, { message: "Слишком далёкая страница — уточните фильтры", path: ["page"] });
export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** The browser's view of a queue row (api-types.ts), with the kind narrowed to what the queue can hold. */
export interface QueueItem extends Omit<QueueItemView, "kind"> {
  kind: QueueKind;
}

function fromMismatch(m: MismatchRow): QueueItem {
  return {
    type: "mismatch",
    id: m.id,
    kind: m.kind as QueueKind,
    cause: m.cause,
    status: m.status,
    day: m.day,
    at: m.firstSeenAt.toISOString(),
    dealId: m.dealId,
    paymentId: m.paymentId,
    profileId: m.profileId,
    expectedKop: m.expectedKop,
    actualKop: m.actualKop,
    deltaKop: m.deltaKop,
    assigneeId: m.assigneeId,
    note: m.note,
    lastError: null,
  };
}

function fromReceipt(r: Receipt, zone: string): QueueItem {
  return {
    type: "receipt",
    id: r.id,
    kind: r.status === "failed" ? "receipt_failed" : "receipt_needs_attention",
    // A refused receipt or one stuck with an unknown outcome is the provider side's doing until support says otherwise.
    cause: "provider_failure",
    status: "open",
    day: dayKey(r.createdAt.getTime(), zone),
    at: r.createdAt.toISOString(),
    dealId: r.dealId,
    paymentId: r.paymentId,
    profileId: r.profileId,
    expectedKop: r.totalKop,
    actualKop: 0,
    deltaKop: -r.totalKop,
    assigneeId: null,
    note: null,
    lastError: r.lastError,
  };
}

export async function listQueue(db: Db, portal: Portal, q: QueueQuery) {
  const zone = portalZone(portal.timezone);
  const mismatchKinds = q.kind.filter((k) => (MISMATCH_KINDS as readonly string[]).includes(k));
  const receiptStatuses = receiptStatusesFor(q);
  const wantMismatches = !q.kind.length || mismatchKinds.length > 0;

  const mf: MismatchQueueFilter = {
    portalId: portal.id,
    kinds: mismatchKinds,
    causes: q.cause,
    status: q.status === "all" ? undefined : q.status,
    fromDay: q.from,
    toDay: q.to,
    dealId: q.deal,
    profileId: q.cashbox,
    assigneeId: q.assignee,
  };
  const rf: ReceiptQueueFilter = {
    portalId: portal.id,
    statuses: receiptStatuses,
    from: q.from ? new Date(dayStartUtc(q.from, zone)) : undefined,
    to: q.to ? new Date(dayStartUtc(nextDay(q.to), zone)) : undefined,
    dealId: q.deal,
    profileId: q.cashbox,
  };
  // Two newest-first sources merged: each gives up to the end of the asked page, the merge cuts the page out.
  const upTo = q.page * q.pageSize;
  const [ms, rs, mTotal, rTotal, byKind, profiles] = await Promise.all([
    wantMismatches ? listQueueMismatches(db, { ...mf, limit: upTo }) : [],
    receiptStatuses.length ? listQueueReceipts(db, { ...rf, limit: upTo }) : [],
    wantMismatches ? countQueueMismatches(db, mf) : 0,
    receiptStatuses.length ? countQueueReceipts(db, rf) : 0,
    countOpenByKind(db, { portalId: portal.id, fromDay: q.from, toDay: q.to, profileId: q.cashbox }),
    listProfiles(db, portal.id),
  ]);
  const merged = [...ms.map(fromMismatch), ...rs.map((r) => fromReceipt(r, zone))].sort((a, b) => (a.day === b.day ? b.at.localeCompare(a.at) : b.day.localeCompare(a.day)));
  return {
    items: merged.slice(upTo - q.pageSize, upTo),
    total: mTotal + rTotal,
    page: q.page,
    pageSize: q.pageSize,
    counts: { mismatches: mTotal, receipts: rTotal, openByKind: Object.fromEntries(byKind.map((k) => [k.kind, Number(k.n)])) },
    zone,
    cashboxes: profiles.map((p) => ({ id: p.id, name: p.name })),
  };
}

/** Failed / needs-attention receipts are open work: shown for status open or all, unless the filters exclude them. */
function receiptStatusesFor(q: QueueQuery): Receipt["status"][] {
  if (q.status === "resolved" || q.assignee !== undefined) return [];
  if (q.cause.length && !q.cause.includes("provider_failure")) return [];
  if (!q.kind.length) return [...QUEUE_RECEIPT_STATUSES];
  return QUEUE_RECEIPT_STATUSES.filter((s) => q.kind.includes(s === "failed" ? "receipt_failed" : "receipt_needs_attention"));
}
