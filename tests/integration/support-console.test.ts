import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import { GET as meRoute } from "@/app/api/me/route";
import { GET as mismatchesRoute } from "@/app/api/mismatches/route";
import { POST as resendRoute } from "@/app/api/receipts/[id]/resend/route";
import { POST as assignRoute } from "@/app/api/support/mismatches/[id]/assign/route";
import { POST as reopenRoute } from "@/app/api/support/mismatches/[id]/reopen/route";
import { POST as resolveRoute } from "@/app/api/support/mismatches/[id]/resolve/route";
import { GET as mismatchRoute } from "@/app/api/support/mismatches/[id]/route";
import { GET as peopleRoute } from "@/app/api/support/people/route";
import { GET as queueRoute } from "@/app/api/support/queue/route";
import { GET as receiptDetailRoute } from "@/app/api/support/receipts/[id]/route";
import { GET as csvRoute } from "@/app/api/support/report/csv/route";
import { GET as reportRoute } from "@/app/api/support/report/route";
import { GET as getSettingsRoute, PUT as putSettingsRoute } from "@/app/api/support/settings/route";
import { upsertMismatches } from "@/lib/db/queries/mismatches";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { updatePortalSettings } from "@/lib/db/queries/portal-settings";
import { auditLog, cashboxProfiles, mismatches, receipts, type Portal } from "@/lib/db/schema";
import { syncAllPortals } from "@/lib/deals/sync-all";
import { resetEnvCache } from "@/lib/env";
import { drainOutbox } from "@/lib/fiscal/drain";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import { resetRateLimits } from "@/lib/http/rate-limit";
import type { Mismatch } from "@/lib/reconcile/types";
import { rublesCell } from "@/lib/support/csv";
import { startFakeAtol, type FakeAtol } from "../fakes/fake-atol";
import { asUser, install, openApp, params, useEmulator, type SignedIn } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

// The support console's API: who may use it (admins and named support, checked on every call), the queue's filters,
// the actions and their audit rows, idempotent resolve that survives reconciliation, the report and its CSV, and the
// im.notify digest at most once per period.

const t = useTestDb();
const env = useEmulator({ portals: 1 });
useAppServer();
let atol: FakeAtol;
let admin: SignedIn;
let manager: SignedIn;
let support: SignedIn;
let portalRow: Portal;
let cashboxId: string;
const SUPPORT_USER = 3;
const drain = () => drainOutbox(t.db, { budgetMs: 5_000, deps: { timing: { ...DEFAULT_TIMING, firstPollMs: 20, maxPollMs: 50 } } });

const get = (who: SignedIn, path: string, handler: (req: Request, ctx: never) => Promise<Response>, p: Record<string, string> = {}) => handler(asUser(who).request(path), params(p) as never);
const post = (who: SignedIn, path: string, body: unknown, handler: (req: Request, ctx: never) => Promise<Response>, p: Record<string, string> = {}) =>
  handler(asUser(who).request(path, { method: "POST", json: body }), params(p) as never);
const put = (who: SignedIn, body: unknown) => putSettingsRoute(asUser(who).request("/api/support/settings", { method: "PUT", json: body }), params({}));
type QueueBody = { items: Array<{ type: string; id: string; kind: string; cause: string; status: string; day: string; dealId: number | null; profileId: string | null }>; total: number; counts: { mismatches: number; receipts: number } };
const queue = async (who: SignedIn, q = "") => (await (await get(who, `/api/support/queue${q}`, queueRoute)).json()) as QueueBody;

function finding(i: number, over: Partial<Mismatch> = {}): Mismatch {
  return { key: `seeded:${i}`, kind: "receipt_vs_payment", cause: "rounding_per_line", receiptIds: [], paymentId: 800_000 + i, dealId: 9000 + (i % 3), expectedKop: 100_000, actualKop: 99_999, deltaKop: -1, evidence: { i }, day: `2026-03-${String(10 + (i % 5)).padStart(2, "0")}`, ...over };
}

beforeAll(async () => {
  atol = await startFakeAtol({ processingDelayMs: 20 });
  process.env.ATOL_BASE_URL = atol.url;
  resetEnvCache();
  const portal = env.emu.portals[0]!;
  portal.users.set(SUPPORT_USER, { ID: String(SUPPORT_USER), NAME: "Ольга", LAST_NAME: "Поддержкина", EMAIL: "support@example.test", admin: false });
  await install(portal);
  admin = await openApp(portal);
  manager = await openApp(portal, { userId: 2 });
  support = await openApp(portal, { userId: SUPPORT_USER });
  const created = await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}));
  expect(created.status).toBe(201);
  cashboxId = (await created.json()).item.id;
  portalRow = (await getPortalByMemberId(t.db, portal.memberId))!;
});

afterAll(async () => {
  delete process.env.ATOL_BASE_URL;
  resetEnvCache();
  await atol?.close();
});

describe("support console", () => {
  it("is closed to managers and to support users until an admin names them, on every call", async () => {
    resetRateLimits();
    expect((await get(manager, "/api/support/queue", queueRoute)).status).toBe(403);
    expect((await get(manager, "/api/mismatches", mismatchesRoute)).status).toBe(403);
    expect((await get(support, "/api/support/queue", queueRoute)).status).toBe(403);
    expect((await get(support, "/api/support/report", reportRoute)).status).toBe(403);
    expect((await (await meRoute(asUser(support).request("/api/me"), params({}))).json()).user.isSupport).toBe(false);

    expect((await put(manager, { supportUserIds: [2], notifyUserId: null, digestMinutes: 60 })).status).toBe(403);
    const bad = await put(admin, { supportUserIds: ["three"], notifyUserId: null, digestMinutes: 60 });
    expect(bad.status).toBe(422);
    const saved = await put(admin, { supportUserIds: [SUPPORT_USER, SUPPORT_USER], notifyUserId: null, digestMinutes: 60 });
    expect(saved.status).toBe(200);
    expect((await saved.json()).item).toMatchObject({ supportUserIds: [SUPPORT_USER], defaultNotifyUserId: 1 });

    // The same session token, no new sign-in: the list is read on every call.
    expect((await get(support, "/api/support/queue", queueRoute)).status).toBe(200);
    expect((await (await meRoute(asUser(support).request("/api/me"), params({}))).json()).user).toMatchObject({ isSupport: true, isAdmin: false });
    expect((await get(support, "/api/support/settings", getSettingsRoute)).status).toBe(200);
    expect((await put(support, { supportUserIds: [2, SUPPORT_USER], notifyUserId: null, digestMinutes: 60 })).status).toBe(403);
    expect((await get(manager, "/api/support/queue", queueRoute)).status).toBe(403);
    expect((await (await get(support, "/api/support/people", peopleRoute)).json()).items).toEqual([
      { id: SUPPORT_USER, name: "Ольга Поддержкина", support: true },
      { id: 1, name: "Иван Админов", support: false },
    ]);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.portalId, portalRow.id), eq(auditLog.subject, "settings:support")));
    expect(audit).toHaveLength(1);
  });

  it("filters the queue by kind, cause, status, period, deal and cashbox, with paging and counts", async () => {
    resetRateLimits();
    await upsertMismatches(t.db, portalRow.id, [
      ...Array.from({ length: 12 }, (_, i) => ({ ...finding(i), profileId: i < 4 ? cashboxId : null })),
      { ...finding(100, { kind: "day_boundary", cause: "time_zone", day: "2026-03-20", dealId: 4242 }), profileId: cashboxId },
    ]);
    const all = await queue(admin, "?from=2026-03-01&to=2026-03-31&pageSize=5");
    expect(all.counts.mismatches).toBe(13);
    expect(all.items).toHaveLength(5);
    expect(all.items[0]).toMatchObject({ kind: "day_boundary", day: "2026-03-20" });
    const page3 = await queue(admin, "?from=2026-03-01&to=2026-03-31&pageSize=5&page=3");
    expect(page3.items).toHaveLength(3);
    const seen = new Set([...all.items, ...(await queue(admin, "?from=2026-03-01&to=2026-03-31&pageSize=5&page=2")).items, ...page3.items].map((i) => i.id));
    expect(seen.size).toBe(13);

    expect((await queue(admin, "?kind=day_boundary&from=2026-03-01")).items.map((i) => i.dealId)).toEqual([4242]);
    expect((await queue(admin, "?cause=time_zone,clock_skew&from=2026-03-01&to=2026-03-31")).total).toBe(1);
    expect((await queue(admin, "?deal=9001&from=2026-03-01&to=2026-03-31")).items.every((i) => i.dealId === 9001)).toBe(true);
    expect((await queue(admin, `?cashbox=${cashboxId}&from=2026-03-01&to=2026-03-31`)).counts.mismatches).toBe(5);
    expect((await queue(admin, "?from=2026-03-12&to=2026-03-12")).items.every((i) => i.day === "2026-03-12")).toBe(true);
    expect((await queue(admin, "?status=resolved&from=2026-03-01&to=2026-03-31")).total).toBe(0);
    const bad = await get(admin, "/api/support/queue?kind=nonsense&from=2026-13-01", queueRoute);
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["from", "kind.0"]);
  });

  it("resolves with a required note once, keeps it resolved through reconciliation, reopens and assigns — each with an audit row", async () => {
    resetRateLimits();
    const [target] = await t.db.select().from(mismatches).where(and(eq(mismatches.portalId, portalRow.id), eq(mismatches.key, "seeded:100")));
    const id = target!.id;
    const noNote = await post(support, "/x", { note: "  " }, resolveRoute, { id });
    expect(noNote.status).toBe(422);
    const first = await post(support, "/x", { note: "Чек пробит после полуночи, суммы верны" }, resolveRoute, { id });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ changed: true, item: { status: "resolved", resolvedBy: SUPPORT_USER } });
    const again = await post(admin, "/x", { note: "другая заметка" }, resolveRoute, { id });
    expect(await again.json()).toMatchObject({ changed: false, item: { note: "Чек пробит после полуночи, суммы верны" } });

    await upsertMismatches(t.db, portalRow.id, [{ ...finding(100, { kind: "day_boundary", cause: "clock_skew", day: "2026-03-20" }), profileId: cashboxId }]);
    const [after] = await t.db.select().from(mismatches).where(eq(mismatches.id, id));
    expect([after!.status, after!.note, after!.cause]).toEqual(["resolved", "Чек пробит после полуночи, суммы верны", "clock_skew"]);

    expect((await post(admin, "/x", { userId: 2 }, assignRoute, { id })).status).toBe(422);
    expect(await (await post(admin, "/x", { userId: SUPPORT_USER }, assignRoute, { id })).json()).toMatchObject({ changed: true, item: { assigneeId: SUPPORT_USER } });
    expect(await (await post(support, "/x", {}, reopenRoute, { id })).json()).toMatchObject({ changed: true, item: { status: "open" } });
    expect((await post(manager, "/x", { note: "я менеджер" }, resolveRoute, { id })).status).toBe(403);

    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.portalId, portalRow.id), eq(auditLog.subject, `mismatch:${id}`)));
    expect(audit.map((a) => [a.action, a.userId]).sort()).toEqual([["mismatch.assign", 1], ["mismatch.reopen", SUPPORT_USER], ["mismatch.resolve", SUPPORT_USER]]);
    const detail = await (await get(support, "/x", mismatchRoute, { id })).json();
    expect(detail.audit.map((a: { action: string }) => a.action)).toEqual(["mismatch.reopen", "mismatch.assign", "mismatch.resolve"]);
    expect((await get(admin, "/x", mismatchRoute, { id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
  });

  it("shows a real finding's trace: Bitrix24's payload without secrets, provider answers, clocks around it; support may resend a failed receipt", async () => {
    resetRateLimits();
    const portal = env.emu.portals[0]!;
    const deal = portal.createDeal({ contact: { email: "b@example.ru" }, products: [{ name: "Стол", price: 9_000, quantity: 1, vatRate: 22 }] });
    const advance = portal.addPayment(deal.id, { products: "all" });
    await portal.payPayment(advance.id, { print: "advancepayment" });
    await drain();
    await syncAllPortals(t.db);
    const open = await queue(support, `?kind=advance_without_offset&deal=${deal.id}`);
    expect(open.items).toHaveLength(1);
    const [r] = await t.db.select().from(receipts).where(and(eq(receipts.portalId, portalRow.id), eq(receipts.dealId, deal.id)));

    const detail = await (await get(support, "/x", mismatchRoute, { id: open.items[0]!.id })).json();
    expect(detail.mismatch).toMatchObject({ kind: "advance_without_offset", dealId: deal.id });
    expect(detail.mismatch).not.toHaveProperty("portalId");
    expect(detail.receipts[0].attempts.map((a: { kind: string }) => a.kind)).toEqual(expect.arrayContaining(["register", "report"]));
    expect(detail.receipts[0].bitrixPayload).toBeTruthy();
    expect(JSON.stringify(detail)).not.toContain(portal.applicationToken);
    expect(JSON.stringify(detail)).not.toContain(validCashbox().credentials.password);
    // The clocks measured around it: the portal's (the scheduled sync) and the fiscal drive's of this very receipt.
    expect(detail.clocks).toEqual(expect.arrayContaining([expect.objectContaining({ source: "portal" }), expect.objectContaining({ source: "fiscal", receiptId: r!.id, method: "receipt_datetime" })]));
    expect(detail.payment).toMatchObject({ paymentId: advance.id, paid: true });

    // A receipt the cashbox refused: in the queue, and support resends it (audited under the receipt).
    await t.db.update(receipts).set({ status: "failed", lastError: "Касса отклонила чек" }).where(eq(receipts.id, r!.id));
    const failed = await queue(support, "?kind=receipt_failed");
    expect(failed.items.map((i) => i.id)).toEqual([r!.id]);
    expect((await get(support, "/x", receiptDetailRoute, { id: r!.id })).status).toBe(200);
    expect((await post(manager, "/x", undefined, resendRoute as never, { id: r!.id })).status).toBe(403);
    expect((await post(support, "/x", undefined, resendRoute as never, { id: r!.id })).status).toBe(200);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.portalId, portalRow.id), eq(auditLog.subject, `receipt:${r!.id}`)));
    expect(audit.map((a) => [a.action, a.userId])).toEqual([["receipt.resend", SUPPORT_USER]]);
    expect((await queue(support, "?kind=receipt_failed")).items).toEqual([]);
    await drain();
  });

  it("builds the daily report and a CSV (BOM, ';', decimal comma) whose totals row equals the page's totals", async () => {
    resetRateLimits();
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const json = await (await get(support, `/api/support/report?from=${from}&to=${today}`, reportRoute)).json();
    expect(json.report.totals.paymentsKop).toBeGreaterThan(0);
    expect(json.report.totals.fiscalKop).toBeGreaterThan(0);
    const res = await get(support, `/api/support/report/csv?from=${from}&to=${today}`, csvRoute);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(rows[0]!.split(";").slice(0, 3)).toEqual(["Дата", "Касса", "Оплаты CRM, ₽"]);
    const totals = rows.at(-1)!.split(";");
    const t2 = json.report.totals;
    expect(totals.slice(0, 7)).toEqual(["Итого", "", ...[t2.paymentsKop, t2.receiptsKop, t2.fiscalKop, t2.receiptsVsPaymentsKop, t2.fiscalVsReceiptsKop].map(rublesCell)]);
    expect((await get(admin, "/api/support/report?from=2026-01-01&to=2026-12-31", reportRoute)).status).toBe(422);
  });

  it("tells the responsible user about new open mismatches with one im.notify per digest period", async () => {
    resetRateLimits();
    const portal = env.emu.portals[0]!;
    // Everything seen so far counts as told; the digest period starts now.
    await t.db.update(mismatches).set({ notifiedAt: new Date() }).where(eq(mismatches.portalId, portalRow.id));
    await updatePortalSettings(t.db, portalRow.id, { notifyUserId: SUPPORT_USER, digestMinutes: 60, lastDigestAt: null });
    portal.notifications = [];

    const lonely = async (price: number) => {
      const d = portal.createDeal({ contact: { email: `n${price}@example.ru` }, products: [{ name: "Полка", price, quantity: 1, vatRate: 22 }] });
      const p = portal.addPayment(d.id, { products: "all" });
      await portal.payPayment(p.id, { at: new Date(Date.now() - 30 * 60_000) });
    };
    await lonely(1_234);
    await syncAllPortals(t.db);
    expect(portal.notifications).toHaveLength(1);
    const first = portal.notifications[0]!;
    expect(first).toMatchObject({ userId: SUPPORT_USER, type: "SYSTEM" });
    expect(first.message).toContain("Оплата без чека: 1");
    expect(first.message).toContain(`[URL=${portal.origin}/marketplace/app/1/]Открыть консоль поддержки[/URL]`);

    await lonely(2_345);
    await syncAllPortals(t.db);
    await syncAllPortals(t.db);
    expect(portal.notifications, "within the period nothing more is sent").toHaveLength(1);

    // The period is over, but Bitrix24 refuses the call (no `im` scope): nothing is marked told, the slot is given back.
    await updatePortalSettings(t.db, portalRow.id, { lastDigestAt: new Date(Date.now() - 61 * 60_000) });
    portal.failNext("im.notify", { status: 403, error: "insufficient_scope", error_description: "The request requires higher privileges than provided by the access token." });
    await syncAllPortals(t.db);
    expect(portal.notifications).toHaveLength(1);
    expect((await t.db.select().from(mismatches).where(and(eq(mismatches.portalId, portalRow.id), eq(mismatches.status, "open")))).filter((m) => m.notifiedAt === null)).toHaveLength(1);

    await syncAllPortals(t.db);
    expect(portal.notifications).toHaveLength(2);
    expect(portal.notifications[1]!.message).toContain("Оплата без чека: 1");
    const unnotified = await t.db.select().from(mismatches).where(and(eq(mismatches.portalId, portalRow.id), eq(mismatches.status, "open")));
    expect(unnotified.filter((m) => m.notifiedAt === null)).toEqual([]);
    const profiles = await t.db.select().from(cashboxProfiles).where(eq(cashboxProfiles.portalId, portalRow.id));
    expect(profiles).toHaveLength(1);
  });
});
