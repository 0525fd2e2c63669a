import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import { POST as measureRoute } from "@/app/api/clocks/measure/route";
import { GET as clocksRoute } from "@/app/api/clocks/route";
import { PUT as thresholdsRoute } from "@/app/api/clocks/thresholds/route";
import { getPortalSettings } from "@/lib/db/queries/portal-settings";
import { auditLog } from "@/lib/db/schema";
import { updatePortalSettings } from "@/lib/db/queries/portal-settings";
import { sampleClocks, sampleClocksIfDue } from "@/lib/clocks/sample-clocks";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { clockSamples, mismatches, receipts, type Portal } from "@/lib/db/schema";
import { syncAllPortals } from "@/lib/deals/sync-all";
import { drainOutbox } from "@/lib/fiscal/drain";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import { asUser, install, openApp, params, useEmulator, useFakeAtol, type SignedIn } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

// Clock sampling against the portal emulator and the fake ATOL with their clocks shifted: the measured offsets,
// fiscal-drive samples from real receipts (once each), and reconciliation naming the sample that explains a finding.

const t = useTestDb();
const env = useEmulator({ portals: 1, timezoneOffsetMin: 300 });
useAppServer();
/** The ATOL clock runs three minutes late. */
const ATOL_SHIFT_MS = -180_000;
let portal: Portal;
let admin: SignedIn;
const drain = () => drainOutbox(t.db, { budgetMs: 5_000, deps: { timing: { ...DEFAULT_TIMING, firstPollMs: 20, maxPollMs: 50 } } });


useFakeAtol({ processingDelayMs: 20, clockShiftMs: ATOL_SHIFT_MS });

beforeAll(async () => {
  await install(env.emu.portals[0]!);
  admin = await openApp(env.emu.portals[0]!);
  expect((await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}))).status).toBe(201);
  portal = (await getPortalByMemberId(t.db, env.emu.portals[0]!.memberId))!;
});

afterAll(async () => {
  env.emu.portals[0]!.clockShiftMs = 0;
  env.emu.portals[0]!.networkRttMs = 0;
});

describe("clock sampling", () => {
  it("measures the portal's clock shifted by +90 s through a 400 ms round trip within ± 0.25 s", async () => {
    const emu = env.emu.portals[0]!;
    emu.clockShiftMs = 90_000;
    emu.networkRttMs = 400;
    try {
      const run = await sampleClocks(t.db, portal);
      const sample = run.samples.find((s) => s.source === "portal")!;
      expect(run.failures).toEqual([]);
      expect(sample.method).toBe("rest-time");
      expect(Math.abs(sample.offsetMs - 90_000)).toBeLessThanOrEqual(250);
      // The round trip is the simulated one (plus the loopback); the uncertainty is half of it.
      expect(sample.rttMs).toBeGreaterThanOrEqual(400);
      expect(sample.uncertaintyMs).toBeGreaterThanOrEqual(200);
      // The portal says its zone: UTC+5 is Etc/GMT-5.
      expect(sample.zone).toBe("Etc/GMT-5");
    } finally {
      emu.clockShiftMs = 0;
      emu.networkRttMs = 0;
    }
  });

  it("measures a provider clock running three minutes late, per cashbox", async () => {
    const run = await sampleClocks(t.db, portal);
    const provider = run.samples.find((s) => s.source === "provider")!;
    expect(provider.profileId).toBeTruthy();
    // ATOL's `timestamp` has whole seconds: the estimate is good to ± (rtt/2 + 0.5 s).
    expect(Math.abs(provider.offsetMs - ATOL_SHIFT_MS)).toBeLessThanOrEqual(provider.uncertaintyMs + 50);
    expect(provider.uncertaintyMs).toBeLessThan(1_500);
  });

  it("takes one fiscal-drive sample per fiscalised receipt, and a day-boundary finding names the sample that explains it", async () => {
    const emu = env.emu.portals[0]!;
    const deal = emu.createDeal({ contact: { email: "clock@example.ru" }, products: [{ name: "Лампа", price: 1_500, quantity: 1, vatRate: 22 }] });
    const pay = emu.addPayment(deal.id, { products: "all" });
    // The portal's clock reads 23:59:50 of the day before the fiscal drive's (UTC+5, the portal's zone): the payment
    // and Bitrix24's check are stamped then, the receipt is fiscalised "today" by ATOL's clock.
    const fiscalNow = Date.now() + ATOL_SHIFT_MS;
    const localDayStart = Math.floor((fiscalNow + 5 * 3600_000) / 86_400_000) * 86_400_000 - 5 * 3600_000;
    emu.clockShiftMs = localDayStart - 10_000 - Date.now();
    try {
      await emu.payPayment(pay.id, { print: "sell" });
      await syncAllPortals(t.db);
      await drain();
    } finally {
      emu.clockShiftMs = 0;
    }

    const [receipt] = await t.db.select().from(receipts).where(and(eq(receipts.portalId, portal.id), eq(receipts.paymentId, pay.id)));
    expect(receipt?.fiscalAt).toBeTruthy();
    await sampleClocksIfDue(t.db, portal);
    await sampleClocksIfDue(t.db, portal);
    const fiscal = await t.db.select().from(clockSamples).where(and(eq(clockSamples.portalId, portal.id), eq(clockSamples.source, "fiscal"), eq(clockSamples.receiptId, receipt!.id)));
    expect(fiscal).toHaveLength(1);
    // The fake drive writes ATOL's (late) clock: the fiscal sample sees the same three minutes, within its span.
    expect(Math.abs(fiscal[0]!.offsetMs - ATOL_SHIFT_MS)).toBeLessThanOrEqual(fiscal[0]!.uncertaintyMs + 50);
    expect(fiscal[0]!.details).toMatchObject({ readAs: "Europe/Moscow" });

    await syncAllPortals(t.db);
    const [finding] = await t.db.select().from(mismatches).where(and(eq(mismatches.portalId, portal.id), eq(mismatches.kind, "day_boundary"), eq(mismatches.paymentId, pay.id)));
    expect(finding).toBeTruthy();
    expect(finding!.evidence).toMatchObject({ portalZone: "Etc/GMT-5", fiscalClock: { sampleId: fiscal[0]!.id, source: "fiscal" } });
  });

  it("reports a source that cannot be measured without losing the others", async () => {
    const run = await sampleClocks(t.db, portal, {
      providerFor: () => ({
        name: "broken",
        testConnection: async () => ({ ok: false, message: "нет" }),
        register: async () => ({ kind: "unknown", message: "нет" }),
        report: async () => ({ kind: "unknown", message: "нет" }),
        readClock: async () => {
          throw new Error("Касса не отвечает");
        },
      }),
    });
    expect(run.samples.some((s) => s.source === "portal")).toBe(true);
    expect(run.failures).toEqual([expect.objectContaining({ source: "provider", message: "Касса не отвечает" })]);
  });

  it("shows offsets, zones, queue delays and explained findings to admins and named support, not to managers", async () => {
    const res = await clocksRoute(asUser(admin).request("/api/clocks?days=7"), params({}));
    expect(res.status).toBe(200);
    const view = await res.json();
    expect(view.portalZone).toBe("Etc/GMT-5");
    expect(view.providerZone).toBe("Europe/Moscow");
    expect(view.series.map((s: { source: string }) => s.source).sort()).toEqual(["fiscal", "portal", "provider"]);
    // The provider's three minutes late are flagged as skew, beyond the default 60 s threshold.
    expect(view.diagnostics).toContainEqual(expect.objectContaining({ kind: "clock_skew", source: "provider" }));
    expect(view.queue.count).toBeGreaterThanOrEqual(1);
    const finding = view.findings.find((f: { kind: string }) => f.kind === "day_boundary");
    expect(finding.sampleIds.length).toBeGreaterThan(0);
    const explaining = view.samples.filter((s: { explains: string[] }) => s.explains.includes(finding.id));
    expect(explaining.length).toBeGreaterThan(0);

    // A manager is refused until the admin names them support.
    const manager = await openApp(env.emu.portals[0]!, { userId: 2 });
    expect((await clocksRoute(asUser(manager).request("/api/clocks"), params({}))).status).toBe(403);
    expect((await measureRoute(asUser(manager).request("/api/clocks/measure", { json: {} }), params({}))).status).toBe(403);
    await updatePortalSettings(t.db, portal.id, { supportUserIds: [2] });
    expect((await clocksRoute(asUser(manager).request("/api/clocks"), params({}))).status).toBe(200);
  });

  it("«Измерить сейчас» adds a fresh sample of every source and returns the report with it", async () => {
    const before = (await t.db.select().from(clockSamples).where(eq(clockSamples.portalId, portal.id))).length;
    const res = await measureRoute(asUser(admin).request("/api/clocks/measure", { json: { days: 1 } }), params({}));
    expect(res.status).toBe(200);
    const view = await res.json();
    expect(view.failures).toEqual([]);
    const after = await t.db.select().from(clockSamples).where(eq(clockSamples.portalId, portal.id));
    expect(after.length - before).toBe(2);
    expect(view.latest.map((s: { id: number }) => s.id)).toEqual(expect.arrayContaining(after.slice(-2).map((s) => s.id)));
    expect((await measureRoute(asUser(admin).request("/api/clocks/measure", { json: { days: 400 } }), params({}))).status).toBe(422);
  });

  it("lets the admin set the thresholds (audited), which turn a 3-minute offset from a problem into none", async () => {
    const put = (who: SignedIn, json: unknown) => thresholdsRoute(asUser(who).request("/api/clocks/thresholds", { method: "PUT", json }), params({}));
    const manager = await openApp(env.emu.portals[0]!, { userId: 2 });
    expect((await put(manager, { clockSkewMs: 300_000, queueDelayMs: 600_000 })).status).toBe(403);
    const bad = await put(admin, { clockSkewMs: 10, queueDelayMs: "soon" });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["clockSkewMs", "queueDelayMs"]);
    expect((await getPortalSettings(t.db, portal.id)).clockSkewMs).toBe(60_000);

    expect((await put(admin, { clockSkewMs: 300_000, queueDelayMs: 900_000 })).status).toBe(200);
    expect(await getPortalSettings(t.db, portal.id)).toMatchObject({ clockSkewMs: 300_000, queueDelayMs: 900_000 });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.portalId, portal.id), eq(auditLog.action, "clocks.thresholds")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ before: { clockSkewMs: 60_000 }, after: { clockSkewMs: 300_000 } });
    const view = await (await clocksRoute(asUser(admin).request("/api/clocks"), params({}))).json();
    expect(view.diagnostics.filter((d: { kind: string }) => d.kind === "clock_skew")).toEqual([]);
  });
});
