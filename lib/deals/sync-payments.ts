import { portalRest, type RestClient } from "@/lib/bitrix/portal-client";
import type { Db } from "@/lib/db/client";
import { upsertPayment } from "@/lib/db/queries/payments";
import { updatePortal } from "@/lib/db/queries/portals";
import type { Portal } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { matchUnmatchedReceipts } from "./match-receipts";
import { readDealFacts, readOrderDeals, readOrderPaymentIds, readPaymentRows, readPayments } from "./read-crm";

// Keeps the CRM payments snapshot current: offline payment events (bound at install, queued by Bitrix24 while we
// are away) are fetched without clearing, the payments they name are re-read, and only then are the events
// cleared — a crash in between re-reads them, never loses them.

const EVENTS_PER_ROUND = 50;

interface OfflineEvent {
  EVENT_NAME: string;
  EVENT_DATA?: { FIELDS?: { ID?: number | string } };
}

/** Re-reads payments and stores their snapshot (deal, contacts, product names), then links receipts to them. */
export async function refreshPayments(db: Db, portal: Portal, rest: RestClient, paymentIds: number[]): Promise<number> {
  if (!paymentIds.length) return 0;
  const payments = await readPayments(rest, paymentIds);
  const orderDeals = await readOrderDeals(rest, payments.map((p) => p.orderId).filter((o): o is number => o !== null));
  const dealIds = [...new Set([...orderDeals.values()].filter((d): d is number => d !== null))];
  const [deals, paymentRows] = await Promise.all([readDealFacts(rest, dealIds), readPaymentRows(rest, payments.map((p) => p.paymentId))]);
  for (const p of payments) {
    const dealId = p.orderId !== null ? (orderDeals.get(p.orderId) ?? null) : null;
    const deal = dealId !== null ? deals.get(dealId) : undefined;
    const names = (paymentRows.get(p.paymentId) ?? []).map((r) => deal?.rows.get(r.rowId)).filter((n): n is string => !!n);
    await upsertPayment(db, {
      portalId: portal.id,
      ...p,
      dealId,
      contacts: { emails: deal?.emails ?? [], phones: deal?.phones ?? [] },
      productNames: names,
    });
  }
  await matchUnmatchedReceipts(db, portal.id);
  return payments.length;
}

/** One round of offline events; returns how many events it consumed. */
export async function syncPaymentEvents(db: Db, portal: Portal): Promise<number> {
  const rest = portalRest(db, portal);
  const got = await rest.call<{ process_id: string | null; events: OfflineEvent[] }>("event.offline.get", { clear: 0, limit: EVENTS_PER_ROUND });
  const events = got?.events ?? [];
  const ids = (name: string) => events.filter((e) => e.EVENT_NAME.toUpperCase() === name).map((e) => Number(e.EVENT_DATA?.FIELDS?.ID)).filter((n) => n > 0);
  const paymentIds = [...ids("ONPAYMENTENTITYSAVED"), ...(await readOrderPaymentIds(rest, ids("ONSALEORDERSAVED")))];
  await refreshPayments(db, portal, rest, [...new Set(paymentIds)]);
  if (got?.process_id && events.length) await rest.call("event.offline.clear", { process_id: got.process_id });
  await updatePortal(db, portal.id, { paymentsSyncedAt: new Date() });
  if (events.length) log.info("payment events synced", { portalId: portal.id, events: events.length, payments: paymentIds.length });
  return events.length;
}

/** Drains the portal's queued payment events (bounded rounds). */
export async function syncPayments(db: Db, portal: Portal, maxRounds = 20): Promise<number> {
  let total = 0;
  for (let round = 0; round < maxRounds; round++) {
    const n = await syncPaymentEvents(db, portal);
    total += n;
    if (n < EVENTS_PER_ROUND) break;
  }
  return total;
}

/** The deal tab's on-demand refresh: the deal's payments straight from CRM. */
export async function syncDealPayments(db: Db, portal: Portal, dealId: number): Promise<void> {
  const rest = portalRest(db, portal);
  const list = await rest.call<Array<{ id: number | string }>>("crm.item.payment.list", { entityTypeId: 2, entityId: dealId });
  await refreshPayments(db, portal, rest, (list ?? []).map((p) => Number(p.id)));
}
