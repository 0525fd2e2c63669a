import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import * as appRoute from "@/app/api/bitrix/app/route";
import * as eventsRoute from "@/app/api/bitrix/events/route";
import * as installRoute from "@/app/api/bitrix/install/route";
import * as vatRoute from "@/app/api/bitrix/vat/route";
import * as checkRoute from "@/app/api/cashbox/[portalId]/[secret]/check/route";
import * as printRoute from "@/app/api/cashbox/[portalId]/[secret]/print/route";
import * as cashboxRoute from "@/app/api/cashboxes/[id]/route";
import * as cashboxTestRoute from "@/app/api/cashboxes/[id]/test/route";
import * as cashboxesRoute from "@/app/api/cashboxes/route";
import * as clocksMeasureRoute from "@/app/api/clocks/measure/route";
import * as clocksRoute from "@/app/api/clocks/route";
import * as clocksThresholdsRoute from "@/app/api/clocks/thresholds/route";
import * as cronDrainRoute from "@/app/api/cron/drain/route";
import * as cronSyncRoute from "@/app/api/cron/sync-payments/route";
import * as previewRoute from "@/app/api/deals/[dealId]/payments/[paymentId]/preview/route";
import * as dealReceiptRoute from "@/app/api/deals/[dealId]/payments/[paymentId]/receipt/route";
import * as dealRoute from "@/app/api/deals/[dealId]/route";
import * as healthRoute from "@/app/api/health/route";
import * as pingRoute from "@/app/api/ping/route";
import * as meRoute from "@/app/api/me/route";
import * as mismatchesRoute from "@/app/api/mismatches/route";
import * as paymentsStatusRoute from "@/app/api/payments/status/route";
import * as readinessOfdRoute from "@/app/api/readiness/ofd/route";
import * as readinessRoute from "@/app/api/readiness/route";
import * as readinessTestRoute from "@/app/api/readiness/test-receipt/route";
import * as callbackRoute from "@/app/api/providers/callback/[receiptId]/[sig]/route";
import * as correctionRoute from "@/app/api/receipts/[id]/correction/route";
import * as refundRoute from "@/app/api/receipts/[id]/refund/route";
import * as resendRoute from "@/app/api/receipts/[id]/resend/route";
import * as receiptRoute from "@/app/api/receipts/[id]/route";
import * as receiptsRoute from "@/app/api/receipts/route";
import * as supportAssignRoute from "@/app/api/support/mismatches/[id]/assign/route";
import * as supportReopenRoute from "@/app/api/support/mismatches/[id]/reopen/route";
import * as supportResolveRoute from "@/app/api/support/mismatches/[id]/resolve/route";
import * as supportMismatchRoute from "@/app/api/support/mismatches/[id]/route";
import * as supportPeopleRoute from "@/app/api/support/people/route";
import * as supportQueueRoute from "@/app/api/support/queue/route";
import * as supportReceiptRoute from "@/app/api/support/receipts/[id]/route";
import * as supportCsvRoute from "@/app/api/support/report/csv/route";
import * as supportReportRoute from "@/app/api/support/report/route";
import * as supportSettingsRoute from "@/app/api/support/settings/route";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { upsertMismatches } from "@/lib/db/queries/mismatches";
import { auditLog, cashboxProfiles, crmPayments, mismatches, outboxJobs, portals, portalSettings, receipts, type Portal } from "@/lib/db/schema";
import { syncPayments } from "@/lib/deals/sync-payments";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimits } from "@/lib/http/rate-limit";
import { drainOutbox } from "@/lib/fiscal/drain";
import { callbackSignature } from "@/lib/fiscal/pipeline-deps";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import { startFakeAtol, type FakeAtol } from "../fakes/fake-atol";
import type { EmulatedPortal } from "../fakes/bitrix-portal/types";
import { APP, formRequest, install, openApp, params, useEmulator, type SignedIn } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { captureLogs } from "../helpers/capture-logs";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

// Tenant isolation: two installed portals, A and B, each with a cashbox, fiscalised receipts and a deal with a paid
// payment. Every route under app/api is called as portal B (admin cookie, admin bearer, reader cookie) against portal
// A's ids, and without a session; public endpoints are called with B's secrets against A. Nothing may answer with A's
// data or change it. The route list is explicit and checked against the folder tree, so a new route.ts fails here
// until it is classified.

const t = useTestDb();
const env = useEmulator({ portals: 2 });
useAppServer();
captureLogs();

let atol: FakeAtol;
const CRON_SECRET = randomBytes(24).toString("hex");
const timing = { ...DEFAULT_TIMING, firstPollMs: 20, maxPollMs: 50, backoffBaseMs: 20, backoffMaxMs: 200, applyRetryMs: 20 };
const drain = () => drainOutbox(t.db, { budgetMs: 10_000, deps: { timing } });

interface Tenant {
  tag: "a" | "b";
  portal: EmulatedPortal;
  row: Portal;
  admin: SignedIn;
  reader: SignedIn;
  cashboxId: string;
  cashboxName: string;
  receiptIds: string[];
  dealId: number;
  paymentId: number;
  dealTitle: string;
  contacts: string[];
  pathParams: { portalId: string; secret: string };
  /** A PRINT_URL body the portal sent (its Bitrix uuid already has a receipt). */
  printBody: string;
  /** A mismatch of this portal (support console routes). */
  mismatchId: string;
}
let A: Tenant;
let B: Tenant;

async function setUpTenant(portal: EmulatedPortal, tag: "a" | "b", dummyDeals: number): Promise<Tenant> {
  await install(portal);
  const admin = await openApp(portal);
  const reader = await openApp(portal, { userId: 2 });
  const row = (await getPortalByMemberId(t.db, portal.memberId))!;
  const cashboxName = `Касса портала ${tag.toUpperCase()} ${randomBytes(4).toString("hex")}`;
  const company = { ...validCashbox().company, email: `shop-${tag}@portal-${tag}.example` };
  const created = await cashboxesRoute.POST(json(admin, "POST", "/api/cashboxes", validCashbox({ name: cashboxName, company })), params({}));
  expect(created.status).toBe(201);
  const cashboxId = (await created.json()).item.id as string;

  // Dummy deals and payments first, so this portal's deal and payment ids are not ids of the other portal.
  for (let i = 0; i < dummyDeals; i++) {
    const d = portal.createDeal({ title: `Черновик ${tag}${i}`, products: [{ name: "Образец", price: 10, quantity: 1, vatRate: 22 }] });
    portal.addPayment(d.id, { products: "all" });
  }
  const contacts = [`buyer-${tag}@portal-${tag}.example`, tag === "a" ? "+79001112233" : "+79004445566", `direct-${tag}@portal-${tag}.example`];
  const dealTitle = `Сделка портала ${tag.toUpperCase()} ${randomBytes(4).toString("hex")}`;
  const deal = portal.createDeal({ title: dealTitle, contact: { email: contacts[0], phone: contacts[1] }, products: [{ name: `Диван ${tag}`, price: 30_000, quantity: 1, vatRate: 22 }] });
  const payment = portal.addPayment(deal.id, { products: "all" });
  const { check } = await portal.payPayment(payment.id, { at: new Date(Date.now() - 10 * 60_000), print: true });
  expect(check?.STATUS).toBe("P");
  const direct = await portal.printCheck(portal.payment({ type: "sell", clientEmail: contacts[2] }));
  expect(direct.EXTERNAL_UUID).toBeTruthy();
  await drain();
  expect(check!.STATUS).toBe("Y");
  expect(direct.STATUS).toBe("Y");
  await syncPayments(t.db, row);

  const [, , , portalId, secret] = new URL(portal.handlers[0].SETTINGS.PRINT_URL).pathname.split("/");
  const own = await t.db.select().from(receipts).where(eq(receipts.portalId, row.id));
  await upsertMismatches(t.db, row.id, [
    { key: `isolation:${tag}`, kind: "receipt_vs_payment", cause: "rounding_per_line", receiptIds: [own[0]!.id], paymentId: payment.id, dealId: deal.id, expectedKop: 30_000_00, actualKop: 29_999_99, deltaKop: -1, evidence: { tag }, day: "2026-03-10", profileId: cashboxId },
  ]);
  const [mismatch] = await t.db.select().from(mismatches).where(eq(mismatches.portalId, row.id));
  return {
    mismatchId: mismatch!.id,
    tag,
    portal,
    row,
    admin,
    reader,
    cashboxId,
    cashboxName,
    receiptIds: own.map((r) => r.id),
    dealId: deal.id,
    paymentId: payment.id,
    dealTitle,
    contacts,
    pathParams: { portalId: portalId!, secret: secret! },
    printBody: direct.print!.requestBody,
  };
}

beforeAll(async () => {
  atol = await startFakeAtol({ processingDelayMs: 10 });
  process.env.ATOL_BASE_URL = atol.url;
  process.env.CRON_SECRET = CRON_SECRET;
  resetEnvCache();
  B = await setUpTenant(env.emu.portals[1]!, "b", 0);
  A = await setUpTenant(env.emu.portals[0]!, "a", 2);
  // A's Bitrix ids are not B's: a route keyed by them must find nothing of B either.
  expect(B.portal.crm.deals.has(A.dealId)).toBe(false);
  expect(B.portal.crm.payments.has(A.paymentId)).toBe(false);
  expect(A.receiptIds.length).toBeGreaterThanOrEqual(2);
});

afterAll(async () => {
  delete process.env.ATOL_BASE_URL;
  delete process.env.CRON_SECRET;
  resetEnvCache();
  await atol?.close();
});

// ---------------------------------------------------------------------------------------------------------------
// Requests and what must never appear in an answer to portal B.

type Caller = { label: string; headers: () => Headers };
const viaCookie = (s: SignedIn) => () => new Headers({ cookie: s.cookie });
const viaBearer = (s: SignedIn) => () => new Headers({ authorization: `Bearer ${s.bearer}` });
const nobody: Caller = { label: "no session", headers: () => new Headers() };

function json(s: SignedIn, method: string, p: string, body?: unknown): Request {
  return build(viaCookie(s)(), method, p, body);
}
function build(headers: Headers, method: string, p: string, body?: unknown): Request {
  if (body !== undefined) headers.set("content-type", "application/json");
  return new Request(`${APP}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Everything that identifies portal A or its data: ids, names, contacts, fiscal attributes, secrets. */
async function markersOfA(): Promise<Array<string | RegExp>> {
  const rows = await t.db.select().from(receipts).where(eq(receipts.portalId, A.row.id));
  const bFiscal = new Set((await t.db.select().from(receipts).where(eq(receipts.portalId, B.row.id))).flatMap((r) => Object.values(r.fiscal ?? {}).map(String)));
  const fiscal = rows.flatMap((r) => [r.fiscal?.fiscalDocAttr, r.fiscal?.fnNumber, r.fiscal?.regNumberKkt, r.providerUuid].filter((v): v is string => !!v && !bFiscal.has(String(v))).map(String));
  return [
    A.row.id,
    A.row.memberId,
    new RegExp(`${A.portal.domain.replace(/\./g, "\\.")}(?!\\d)`),
    A.portal.applicationToken,
    A.pathParams.secret,
    A.cashboxId,
    A.cashboxName,
    A.mismatchId,
    `shop-a@portal-a.example`,
    A.dealTitle,
    ...A.contacts,
    ...rows.flatMap((r) => [r.id, r.bitrixUuid ?? r.id, r.externalId]),
    ...fiscal,
  ];
}
function leaked(text: string, markers: Array<string | RegExp>): string[] {
  return markers.filter((m) => (typeof m === "string" ? text.includes(m) : m.test(text))).map(String);
}
async function textOf(res: Response): Promise<string> {
  const headers = [...res.headers.entries()].filter(([k]) => k !== "set-cookie").map(([k, v]) => `${k}: ${v}`);
  return `${headers.join("\n")}\n${await res.clone().text()}`;
}

/** What an attack could change: A's portal row, cashboxes, receipts, payments, jobs, and every portal's receipt count. */
async function snapshotOfA() {
  const [portal] = await t.db.select().from(portals).where(eq(portals.id, A.row.id));
  const profiles = await t.db.select().from(cashboxProfiles).where(eq(cashboxProfiles.portalId, A.row.id));
  const own = await t.db.select().from(receipts).where(eq(receipts.portalId, A.row.id));
  const pays = await t.db.select().from(crmPayments).where(eq(crmPayments.portalId, A.row.id));
  const jobs = await t.db.select().from(outboxJobs).where(eq(outboxJobs.portalId, A.row.id));
  const all = await t.db.select({ id: receipts.id }).from(receipts);
  const found = await t.db.select().from(mismatches).where(eq(mismatches.portalId, A.row.id));
  const settings = await t.db.select().from(portalSettings).where(eq(portalSettings.portalId, A.row.id));
  const audit = await t.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.portalId, A.row.id));
  return {
    mismatches: found.map((m) => [m.id, m.status, m.note, m.assigneeId, m.resolvedBy]),
    settings: settings.map((x) => [JSON.stringify(x.supportUserIds), x.notifyUserId, x.digestMinutes]),
    audit: audit.length,
    portal: [portal?.status, portal?.domain, portal?.memberId, portal?.applicationTokenHash, portal?.accessTokenEnc, portal?.refreshTokenEnc, portal?.urlSecretHash],
    profiles: profiles.map((p) => [p.id, p.name, p.active, p.credentialsEnc, JSON.stringify(p.company), JSON.stringify(p.vatMap)]),
    receipts: own.map((r) => [r.id, r.status, r.attempt, r.paymentId, r.dealId]).sort(),
    payments: pays.map((p) => [p.paymentId, p.dealId, p.sumKop, p.paid]).sort(),
    jobs: jobs.map((j) => [j.id, j.status, j.runAt.getTime()]).sort(),
    receiptCount: all.length,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Every route. Session routes are called against A's ids; "own" routes take no id of another portal and answer with
// the caller's own data only; the others are public and have their own test below.

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Ids = { cashboxId: string; receiptId: string; dealId: number; paymentId: number; mismatchId: string };
interface SessionSpec {
  /** "scoped": takes an id of portal A — 401/403/404 only. "own": no foreign id — the caller's data only. "cron": CRON_SECRET only. */
  kind: "scoped" | "own" | "cron";
  handler: Handler;
  request: (ids: Ids) => { path: string; params: Record<string, string>; body?: unknown };
  /** Routes keyed by a Bitrix24 id (deal, payment): the id is the caller's portal's own namespace, so B's (empty) view of it is allowed. */
  bitrixId?: boolean;
}

const h = (f: unknown) => f as Handler;
const SESSION: Record<string, SessionSpec> = {
  "GET bitrix/vat": { kind: "own", handler: h(vatRoute.GET), request: () => ({ path: "/api/bitrix/vat", params: {} }) },
  "GET cashboxes": { kind: "own", handler: h(cashboxesRoute.GET), request: () => ({ path: "/api/cashboxes", params: {} }) },
  "POST cashboxes": {
    kind: "own",
    handler: h(cashboxesRoute.POST),
    // Smuggles A's portal into the body: the cashbox, if made, is B's.
    request: () => ({ path: "/api/cashboxes", params: {}, body: { ...validCashbox({ name: "Касса B (попытка)" }), portalId: A.row.id, portal_id: A.row.id, memberId: A.row.memberId } }),
  },
  "GET cashboxes/[id]": { kind: "scoped", handler: h(cashboxRoute.GET), request: (i) => ({ path: `/api/cashboxes/${i.cashboxId}`, params: { id: i.cashboxId } }) },
  "PATCH cashboxes/[id]": { kind: "scoped", handler: h(cashboxRoute.PATCH), request: (i) => ({ path: `/api/cashboxes/${i.cashboxId}`, params: { id: i.cashboxId }, body: { name: "hijack" } }) },
  "DELETE cashboxes/[id]": { kind: "scoped", handler: h(cashboxRoute.DELETE), request: (i) => ({ path: `/api/cashboxes/${i.cashboxId}`, params: { id: i.cashboxId } }) },
  "POST cashboxes/[id]/test": { kind: "scoped", handler: h(cashboxTestRoute.POST), request: (i) => ({ path: `/api/cashboxes/${i.cashboxId}/test`, params: { id: i.cashboxId } }) },
  "GET deals/[dealId]": { kind: "scoped", bitrixId: true, handler: h(dealRoute.GET), request: (i) => ({ path: `/api/deals/${i.dealId}`, params: { dealId: String(i.dealId) } }) },
  "POST deals/[dealId]/payments/[paymentId]/preview": {
    kind: "scoped",
    handler: h(previewRoute.POST),
    request: (i) => ({ path: `/api/deals/${i.dealId}/payments/${i.paymentId}/preview`, params: { dealId: String(i.dealId), paymentId: String(i.paymentId) }, body: { kind: "full" } }),
  },
  "POST deals/[dealId]/payments/[paymentId]/receipt": {
    kind: "scoped",
    handler: h(dealReceiptRoute.POST),
    request: (i) => ({ path: `/api/deals/${i.dealId}/payments/${i.paymentId}/receipt`, params: { dealId: String(i.dealId), paymentId: String(i.paymentId) }, body: { kind: "full" } }),
  },
  "GET clocks": { kind: "own", handler: h(clocksRoute.GET), request: () => ({ path: `/api/clocks?portalId=${A.row.id}`, params: {} }) },
  "POST clocks/measure": { kind: "own", handler: h(clocksMeasureRoute.POST), request: () => ({ path: "/api/clocks/measure", params: {}, body: { portalId: A.row.id } }) },
  "PUT clocks/thresholds": { kind: "own", handler: h(clocksThresholdsRoute.PUT), request: () => ({ path: "/api/clocks/thresholds", params: {}, body: { clockSkewMs: 120_000, queueDelayMs: 600_000, portalId: A.row.id } }) },
  "GET me": { kind: "own", handler: h(meRoute.GET), request: () => ({ path: "/api/me", params: {} }) },
  "GET payments/status": { kind: "own", handler: h(paymentsStatusRoute.GET), request: () => ({ path: "/api/payments/status", params: {} }) },
  "GET mismatches": { kind: "own", handler: h(mismatchesRoute.GET), request: () => ({ path: "/api/mismatches", params: {} }) },
  "GET receipts": { kind: "own", handler: h(receiptsRoute.GET), request: () => ({ path: `/api/receipts?limit=200&portalId=${A.row.id}&portal_id=${A.row.id}`, params: {} }) },
  "GET receipts/[id]": { kind: "scoped", handler: h(receiptRoute.GET), request: (i) => ({ path: `/api/receipts/${i.receiptId}`, params: { id: i.receiptId } }) },
  "POST receipts/[id]/correction": {
    kind: "scoped",
    handler: h(correctionRoute.POST),
    request: (i) => ({ path: `/api/receipts/${i.receiptId}/correction`, params: { id: i.receiptId }, body: { type: "self", baseDate: "2026-01-15", baseNumber: "1" } }),
  },
  "POST receipts/[id]/refund": { kind: "scoped", handler: h(refundRoute.POST), request: (i) => ({ path: `/api/receipts/${i.receiptId}/refund`, params: { id: i.receiptId } }) },
  "POST receipts/[id]/resend": { kind: "scoped", handler: h(resendRoute.POST), request: (i) => ({ path: `/api/receipts/${i.receiptId}/resend`, params: { id: i.receiptId } }) },
  "GET support/queue": { kind: "own", handler: h(supportQueueRoute.GET), request: () => ({ path: `/api/support/queue?status=all&portalId=${A.row.id}`, params: {} }) },
  "GET support/receipts/[id]": { kind: "scoped", handler: h(supportReceiptRoute.GET), request: (i) => ({ path: `/api/support/receipts/${i.receiptId}`, params: { id: i.receiptId } }) },
  "GET support/mismatches/[id]": { kind: "scoped", handler: h(supportMismatchRoute.GET), request: (i) => ({ path: `/api/support/mismatches/${i.mismatchId}`, params: { id: i.mismatchId } }) },
  "POST support/mismatches/[id]/resolve": {
    kind: "scoped",
    handler: h(supportResolveRoute.POST),
    request: (i) => ({ path: `/api/support/mismatches/${i.mismatchId}/resolve`, params: { id: i.mismatchId }, body: { note: "чужое расхождение" } }),
  },
  "POST support/mismatches/[id]/reopen": { kind: "scoped", handler: h(supportReopenRoute.POST), request: (i) => ({ path: `/api/support/mismatches/${i.mismatchId}/reopen`, params: { id: i.mismatchId }, body: {} }) },
  "POST support/mismatches/[id]/assign": { kind: "scoped", handler: h(supportAssignRoute.POST), request: (i) => ({ path: `/api/support/mismatches/${i.mismatchId}/assign`, params: { id: i.mismatchId }, body: { userId: 1 } }) },
  "GET support/people": { kind: "own", handler: h(supportPeopleRoute.GET), request: () => ({ path: "/api/support/people", params: {} }) },
  "GET support/report": { kind: "own", handler: h(supportReportRoute.GET), request: () => ({ path: "/api/support/report", params: {} }) },
  "GET support/report/csv": { kind: "own", handler: h(supportCsvRoute.GET), request: () => ({ path: "/api/support/report/csv", params: {} }) },
  "GET support/settings": { kind: "own", handler: h(supportSettingsRoute.GET), request: () => ({ path: "/api/support/settings", params: {} }) },
  "PUT support/settings": {
    kind: "own",
    handler: h(supportSettingsRoute.PUT),
    request: () => ({ path: "/api/support/settings", params: {}, body: { supportUserIds: [], notifyUserId: null, digestMinutes: 60, portalId: A.row.id } }),
  },
  "GET readiness": { kind: "own", handler: h(readinessRoute.GET), request: () => ({ path: "/api/readiness", params: {} }) },
  "POST readiness/test-receipt": { kind: "scoped", handler: h(readinessTestRoute.POST), request: (i) => ({ path: "/api/readiness/test-receipt", params: {}, body: { cashboxId: i.cashboxId } }) },
  "POST readiness/ofd": { kind: "scoped", handler: h(readinessOfdRoute.POST), request: (i) => ({ path: "/api/readiness/ofd", params: {}, body: { cashboxId: i.cashboxId, ofd: "bx_firstofd" } }) },
  "GET cron/drain": { kind: "cron", handler: h(cronDrainRoute.GET), request: () => ({ path: "/api/cron/drain", params: {} }) },
  "POST cron/drain": { kind: "cron", handler: h(cronDrainRoute.POST), request: () => ({ path: "/api/cron/drain", params: {} }) },
  "GET cron/sync-payments": { kind: "cron", handler: h(cronSyncRoute.GET), request: () => ({ path: "/api/cron/sync-payments", params: {} }) },
  "POST cron/sync-payments": { kind: "cron", handler: h(cronSyncRoute.POST), request: () => ({ path: "/api/cron/sync-payments", params: {} }) },
};

/** Public routes (their own authentication), each covered by a named test below. */
const PUBLIC: Record<string, string> = {
  "GET auth/[...nextauth]": "next-auth",
  "POST auth/[...nextauth]": "next-auth",
  "POST bitrix/app": "frame entry",
  "GET bitrix/app": "frame entry",
  "POST bitrix/install": "install",
  "GET bitrix/install": "install",
  "POST bitrix/events": "events",
  "POST cashbox/[portalId]/[secret]/print": "PRINT_URL / CHECK_URL",
  "POST cashbox/[portalId]/[secret]/check": "PRINT_URL / CHECK_URL",
  "GET health": "health",
  "GET ping": "ping",
  "POST ping": "ping",
  "POST providers/callback/[receiptId]/[sig]": "provider callback",
};

const MODULES: Record<string, Record<string, unknown>> = {
  "auth/[...nextauth]": authRoute,
  "bitrix/app": appRoute,
  "bitrix/events": eventsRoute,
  "bitrix/install": installRoute,
  "bitrix/vat": vatRoute,
  "cashbox/[portalId]/[secret]/check": checkRoute,
  "cashbox/[portalId]/[secret]/print": printRoute,
  "cashboxes/[id]": cashboxRoute,
  "cashboxes/[id]/test": cashboxTestRoute,
  cashboxes: cashboxesRoute,
  "clocks/measure": clocksMeasureRoute,
  "clocks/thresholds": clocksThresholdsRoute,
  clocks: clocksRoute,
  "cron/drain": cronDrainRoute,
  "cron/sync-payments": cronSyncRoute,
  "deals/[dealId]/payments/[paymentId]/preview": previewRoute,
  "deals/[dealId]/payments/[paymentId]/receipt": dealReceiptRoute,
  "deals/[dealId]": dealRoute,
  health: healthRoute,
  ping: pingRoute,
  me: meRoute,
  "payments/status": paymentsStatusRoute,
  mismatches: mismatchesRoute,
  readiness: readinessRoute,
  "readiness/ofd": readinessOfdRoute,
  "readiness/test-receipt": readinessTestRoute,
  "providers/callback/[receiptId]/[sig]": callbackRoute,
  "receipts/[id]/correction": correctionRoute,
  "receipts/[id]/refund": refundRoute,
  "receipts/[id]/resend": resendRoute,
  "receipts/[id]": receiptRoute,
  receipts: receiptsRoute,
  "support/queue": supportQueueRoute,
  "support/people": supportPeopleRoute,
  "support/receipts/[id]": supportReceiptRoute,
  "support/mismatches/[id]": supportMismatchRoute,
  "support/mismatches/[id]/resolve": supportResolveRoute,
  "support/mismatches/[id]/reopen": supportReopenRoute,
  "support/mismatches/[id]/assign": supportAssignRoute,
  "support/report": supportReportRoute,
  "support/report/csv": supportCsvRoute,
  "support/settings": supportSettingsRoute,
};
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function routeFilesOnDisk(): string[] {
  const root = path.join(import.meta.dirname, "../../app/api");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js|mjs)$/.test(name)) found.push(path.relative(root, dir).split(path.sep).join("/"));
    }
  };
  walk(root);
  return found.sort();
}

describe("the route list", () => {
  it("covers every route.ts under app/api and every HTTP method it exports", () => {
    expect(routeFilesOnDisk(), "a route.ts is not classified in tests/integration/tenant-isolation.test.ts (MODULES, SESSION or PUBLIC)").toEqual(Object.keys(MODULES).sort());
    const exported = Object.entries(MODULES).flatMap(([route, mod]) => HTTP_METHODS.filter((m) => typeof mod[m] === "function").map((m) => `${m} ${route}`));
    const classified = [...Object.keys(SESSION), ...Object.keys(PUBLIC)];
    expect(exported.sort(), "every exported method is checked here").toEqual(classified.sort());
    for (const [key, spec] of Object.entries(SESSION)) {
      const [method, route] = key.split(" ") as [string, string];
      expect(spec.handler, key).toBe(MODULES[route]![method]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("portal B's sessions against portal A's ids", () => {
  it("every session route answers 401/403/404 (or B's own data) and never shows or changes A's data", { timeout: 60_000 }, async () => {
    resetRateLimits(); // ~100 calls in a burst as one user: the answers must come from the routes, not the API limiter
    const markers = await markersOfA();
    const before = await snapshotOfA();
    const callers: Caller[] = [
      { label: "B admin cookie", headers: viaCookie(B.admin) },
      { label: "B admin bearer", headers: viaBearer(B.admin) },
      { label: "B reader cookie", headers: viaCookie(B.reader) },
    ];
    const idsOfA: Ids[] = A.receiptIds.map((receiptId) => ({ cashboxId: A.cashboxId, receiptId, dealId: A.dealId, paymentId: A.paymentId, mismatchId: A.mismatchId }));
    const problems: string[] = [];
    let calls = 0;
    for (const [key, spec] of Object.entries(SESSION)) {
      const [method] = key.split(" ") as [string];
      for (const caller of callers) {
        // Receipt routes are tried with each of A's receipts (one made from the deal, one printed directly).
        for (const ids of key.includes("receipts/[id]") ? idsOfA : idsOfA.slice(0, 1)) {
          const r = spec.request(ids);
          const res = await spec.handler(build(caller.headers(), method, r.path, r.body), params(r.params));
          const text = await textOf(res);
          calls++;
          const where = `${key} as ${caller.label} (${r.path}) → ${res.status}`;
          const leaks = leaked(text, markers);
          if (leaks.length) problems.push(`${where}: shows A's ${leaks.join(", ")}`);
          if (spec.kind === "cron") {
            if (res.status !== 401) problems.push(`${where}: a session is not CRON_SECRET`);
          } else if (spec.kind === "scoped") {
            const emptyBitrixView = spec.bitrixId && res.status === 200 && (await isEmptyDealView(res));
            if (![401, 403, 404].includes(res.status) && !emptyBitrixView) problems.push(`${where}: expected 401/403/404`);
          } else if (![200, 201, 403, 422].includes(res.status) || (res.status === 403 && caller !== callers[2])) {
            problems.push(`${where}: expected B's own answer`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(60);
    expect(await snapshotOfA(), "A's data is unchanged").toEqual(before);
  });

  it("the same calls without a session answer 401", async () => {
    const ids: Ids = { cashboxId: A.cashboxId, receiptId: A.receiptIds[0]!, dealId: A.dealId, paymentId: A.paymentId, mismatchId: A.mismatchId };
    const markers = await markersOfA();
    for (const [key, spec] of Object.entries(SESSION)) {
      const r = spec.request(ids);
      for (const headers of [new Headers(), new Headers({ authorization: "Bearer " }), new Headers({ cookie: "__Secure-next-auth.session-token=forged" }), new Headers({ authorization: `Bearer ${CRON_SECRET}x` })]) {
        const res = await spec.handler(build(headers, key.split(" ")[0]!, r.path, r.body), params(r.params));
        expect(res.status, `${key} without a session`).toBe(401);
        expect(leaked(await textOf(res), markers), key).toEqual([]);
      }
    }
  });

  it("B's own routes still answer B (the calls above were not refused for another reason)", async () => {
    const me = await (await meRoute.GET(json(B.admin, "GET", "/api/me"), params({}))).json();
    expect(me.portal.id).toBe(B.row.id);
    const list = await (await receiptsRoute.GET(json(B.admin, "GET", "/api/receipts"), params({}))).json();
    expect(list.items.map((r: { id: string }) => r.id).sort()).toEqual([...B.receiptIds].sort());
    const own = await receiptRoute.GET(json(B.admin, "GET", `/api/receipts/${B.receiptIds[0]}`), params({ id: B.receiptIds[0]! }));
    expect(own.status).toBe(200);
    const cashbox = await cashboxRoute.GET(json(B.admin, "GET", `/api/cashboxes/${B.cashboxId}`), params({ id: B.cashboxId }));
    expect(cashbox.status).toBe(200);
    const deal = await (await dealRoute.GET(json(B.admin, "GET", `/api/deals/${B.dealId}`), params({ dealId: String(B.dealId) }))).json();
    expect(deal.payments.map((p: { id: number }) => p.id)).toEqual([B.paymentId]);
    // And A, asking the same about itself, is answered: the 404s above are about the portal, not the ids.
    expect((await receiptRoute.GET(json(A.admin, "GET", `/api/receipts/${A.receiptIds[0]}`), params({ id: A.receiptIds[0]! }))).status).toBe(200);
  });
});

async function isEmptyDealView(res: Response): Promise<boolean> {
  const body = (await res.clone().json()) as { payments?: unknown[]; unmatched?: unknown[] };
  return Array.isArray(body.payments) && body.payments.length === 0 && Array.isArray(body.unmatched) && body.unmatched.length === 0;
}

// ---------------------------------------------------------------------------------------------------------------

describe("public endpoints with portal B's secrets against portal A", () => {
  const form = (p: string, body: string) => new Request(`${APP}${p}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });

  it("PRINT_URL / CHECK_URL: A's path with B's secret is refused and stores nothing; B's path never reaches A's receipts", async () => {
    const markers = await markersOfA();
    const before = await snapshotOfA();
    const freshA = new URLSearchParams(A.printBody);
    freshA.set("uuid", `check|${A.portal.domain}|999001`);
    const aWithBSecret = { portalId: A.pathParams.portalId, secret: B.pathParams.secret };
    for (const body of [A.printBody, freshA.toString(), B.printBody]) {
      const res = await printRoute.POST(form("/x", body), params(aWithBSecret));
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(answer.UUID).toBeUndefined();
      expect(answer.ERRORS).toHaveLength(1);
    }
    for (const uuid of A.receiptIds) {
      const onA = await (await checkRoute.POST(form("/x", `uuid=${uuid}`), params(aWithBSecret))).json();
      expect(onA.STATUS).toBe("ERROR");
      // B's own, genuine CHECK_URL asked about A's receipt: unknown there.
      const onB = await checkRoute.POST(form("/x", `uuid=${uuid}`), params(B.pathParams));
      const text = await textOf(onB);
      expect(JSON.parse(text.slice(text.indexOf("{"))).STATUS).toBe("ERROR");
      expect(leaked(text, markers)).toEqual([]);
    }
    // B's genuine PRINT_URL with A's check (A's Bitrix uuid, A's profile): never answered with A's receipt.
    const replay = await printRoute.POST(form("/x", A.printBody), params(B.pathParams));
    const replayText = await textOf(replay);
    expect(leaked(replayText, markers)).toEqual([]);
    expect(JSON.parse(replayText.slice(replayText.indexOf("{"))).ERRORS).toHaveLength(1);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("frame entry: A's frame with B's application token or B's AUTH_ID signs nobody in", async () => {
    const markers = await markersOfA();
    const withBToken = await appRoute.POST(formRequest("/api/bitrix/app", A.portal.frameRequest({ applicationToken: B.portal.applicationToken })));
    const bFrame = new URLSearchParams(B.portal.frameRequest().body);
    const aFrame = A.portal.frameRequest();
    const body = new URLSearchParams(aFrame.body);
    body.set("AUTH_ID", bFrame.get("AUTH_ID")!);
    body.set("REFRESH_ID", bFrame.get("REFRESH_ID")!);
    const withBAuth = await appRoute.POST(formRequest("/api/bitrix/app", { query: aFrame.query, body: body.toString() }));
    // B's frame claiming A's member_id (B's domain, B's tokens).
    const bClaimsA = B.portal.frameRequest();
    const claim = new URLSearchParams(bClaimsA.body);
    claim.set("member_id", A.row.memberId);
    const claimRes = await appRoute.POST(formRequest("/api/bitrix/app", { query: bClaimsA.query, body: claim.toString() }));
    for (const res of [withBToken, withBAuth, claimRes]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(leaked(await textOf(res), markers)).toEqual([]);
    }
    const get = await appRoute.GET();
    expect(get.status).toBe(302);
    expect(leaked(await textOf(get), markers)).toEqual([]);
  });

  it("install: B's admin cannot install over A's member_id, from B's domain or from A's", async () => {
    const markers = await markersOfA();
    const before = await snapshotOfA();
    const fromB = B.portal.installRequest({ userId: 1 });
    const claim = new URLSearchParams(fromB.body);
    claim.set("member_id", A.row.memberId);
    const onBDomain = await installRoute.POST(formRequest("/api/bitrix/install", { query: fromB.query, body: claim.toString() }));
    const aQuery = A.portal.installRequest({ userId: 1 }).query;
    const onADomain = await installRoute.POST(formRequest("/api/bitrix/install", { query: aQuery, body: claim.toString() }));
    for (const res of [onBDomain, onADomain]) {
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(/status=error/);
      expect(leaked(await textOf(res), markers)).toEqual([]);
    }
    expect((await installRoute.GET()).headers.get("location")).toMatch(/status=error/);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("events: A's uninstall or install signed with B's application token changes nothing", async () => {
    const markers = await markersOfA();
    const before = await snapshotOfA();
    for (const body of [
      A.portal.eventBody("ONAPPUNINSTALL", { applicationToken: B.portal.applicationToken, clean: true }),
      A.portal.eventBody("ONAPPUNINSTALL", { applicationToken: B.portal.applicationToken }),
      A.portal.eventBody("ONAPPINSTALL", { applicationToken: B.portal.applicationToken }),
    ]) {
      const res = await eventsRoute.POST(form("/api/bitrix/events", body));
      expect(res.status).toBe(401);
      expect(leaked(await textOf(res), markers)).toEqual([]);
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  it("provider callback: A's receipt with the signature of B's receipt is unknown", async () => {
    const markers = await markersOfA();
    const before = await snapshotOfA();
    for (const receiptId of A.receiptIds) {
      const res = await callbackRoute.POST(new Request(`${APP}/x`, { method: "POST", headers: { cookie: B.admin.cookie }, body: "{}" }), params({ receiptId, sig: callbackSignature(B.receiptIds[0]!) }));
      expect(res.status).toBe(404);
      expect(leaked(await textOf(res), markers)).toEqual([]);
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  it("ping (the benchmark's no-work baseline) tells nothing about any portal", async () => {
    for (const method of ["GET", "POST"] as const) {
      const res = await pingRoute[method]();
      expect(await res.json()).toEqual({ ok: true });
    }
  });

  it("health tells nothing about any portal", async () => {
    const res = await healthRoute.GET(new Request(`${APP}/api/health`, { headers: { cookie: B.admin.cookie } }));
    expect(await res.json()).toEqual({ ok: true });
  });

  it("next-auth: B's cookie reads B's own session only; a bearer or no session reads nothing", async () => {
    const markers = await markersOfA();
    const session = await nextAuth("GET", ["session"], B.admin.cookie);
    expect(session.status).toBe(200);
    expect(JSON.parse(session.body).b24).toMatchObject({ portalId: B.row.id, memberId: B.row.memberId });
    expect(leaked(session.body, markers)).toEqual([]);
    for (const cookie of [undefined, `__Secure-next-auth.session-token=${B.admin.bearer}x`]) {
      const none = await nextAuth("GET", ["session"], cookie, { authorization: `Bearer ${B.admin.bearer}` });
      expect(JSON.parse(none.body)).toEqual({});
    }
    for (const [method, action] of [["GET", ["csrf"]], ["GET", ["providers"]], ["POST", ["signout"]], ["GET", ["signin"]], ["POST", ["callback", "credentials"]]] as const) {
      const res = await nextAuth(method, [...action], B.admin.cookie);
      expect(res.status, action.join("/")).toBeLessThan(500);
      expect(leaked(res.body + JSON.stringify(res.headers), markers), action.join("/")).toEqual([]);
    }
  });
});

/**
 * Drives app/api/auth/[...nextauth]/route.ts with the app's authOptions. Its App Router adapter reads cookies() and
 * headers() from Next's request scope, which only `next start` provides; the same export given a pages-style request
 * and response takes next-auth's API adapter into the same core handler and options.
 */
function nextAuth(method: "GET" | "POST", action: string[], cookie?: string, headers: Record<string, string> = {}) {
  const handler = (method === "GET" ? authRoute.GET : authRoute.POST) as unknown as (req: unknown, res: unknown) => Promise<unknown>;
  const cookies = Object.fromEntries((cookie ?? "").split(/;\s*/).filter(Boolean).map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)]));
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const out = { status: 200, headers: {} as Record<string, unknown>, body: "" };
    const res = {
      status: (s: number) => ((out.status = s), res),
      setHeader: (k: string, v: unknown) => ((out.headers[k.toLowerCase()] = v), res),
      getHeader: (k: string) => out.headers[k.toLowerCase()],
      send: (b: unknown) => ((out.body = typeof b === "string" ? b : JSON.stringify(b)), resolve(out), res),
      json: (b: unknown) => ((out.body = JSON.stringify(b)), resolve(out), res),
      end: (b?: unknown) => ((out.body = b === undefined ? out.body : String(b)), resolve(out), res),
    };
    handler({ method, query: { nextauth: action }, cookies, headers: { host: "app.test", ...headers }, body: {} }, res).then(() => resolve(out), reject);
  });
}
