import { portalRest } from "@/lib/bitrix/portal-client";
import type { Db } from "@/lib/db/client";
import { updatePortal } from "@/lib/db/queries/portals";
import type { Portal } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { refreshPayments } from "./sync-payments";

// After install, the payments that existed before us (paid in the last BACKFILL_DAYS) are read page by page, a few
// pages per worker round so the portal's rate limit is respected; progress is kept on the portal for the admin.

const BACKFILL_DAYS = 90;
const PAGES_PER_ROUND = 5;

export async function backfillPayments(db: Db, portal: Portal): Promise<Portal["backfill"]> {
  const state = portal.backfill ?? { status: "running" as const, done: 0, total: null };
  if (state.status !== "running") return state;
  const rest = portalRest(db, portal);
  const since = new Date(Date.now() - BACKFILL_DAYS * 86_400_000).toISOString();
  let next: typeof state = { ...state };
  try {
    for (let page = 0; page < PAGES_PER_ROUND; page++) {
      const res = await rest.call<{ payments: Array<{ id: number | string }> }>("sale.payment.list", {
        select: ["id"],
        filter: { ">=datePaid": since },
        order: { id: "ASC" },
        start: next.done,
      });
      const ids = (res?.payments ?? []).map((p) => Number(p.id));
      await refreshPayments(db, portal, rest, ids);
      next = { status: ids.length < 50 ? "done" : "running", done: next.done + ids.length, total: null };
      if (next.status === "done") break;
    }
  } catch (err) {
    log.warn("payments backfill round failed", { portalId: portal.id, error: err });
    next = { ...next, error: err instanceof Error ? err.message.slice(0, 200) : "ошибка" };
  }
  await updatePortal(db, portal.id, { backfill: next });
  return next;
}
