import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import { receipts, type CashboxProfile } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { drainOutbox } from "@/lib/fiscal/drain";
import type { ChaosPoint } from "@/lib/fiscal/pipeline-deps";
import { providerForProfile } from "@/lib/fiscal/provider-for";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import { atolProvider, clearAtolTokenCache } from "@/lib/providers/atol/adapter";
import { startFakeAtol, type FakeAtol } from "../fakes/fake-atol";
import type { EmulatedCheck } from "../fakes/bitrix-portal/emulator";
import { asUser, install, openApp, params, useEmulator } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { captureLogs } from "../helpers/capture-logs";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

// Never twice, never lost: 200 receipts while ATOL times out, answers 5xx, expires tokens and drops callbacks,
// Bitrix24 rate-limits, and workers die at every point where a process can die. Counted at the fakes.

const t = useTestDb();
const env = useEmulator({ portals: 1 });
useAppServer();
const logs = captureLogs();
let atol: FakeAtol;

const timing = { ...DEFAULT_TIMING, leaseMs: 400, firstPollMs: 20, maxPollMs: 100, backoffBaseMs: 20, backoffMaxMs: 300, applyRetryMs: 50, maxAttempts: 500, maxApplyAttempts: 500 };
const providerFor = (p: CashboxProfile) => providerForProfile(p, { timeoutMs: 300, reportIntervalMs: 0 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const never = () => new Promise<void>(() => {});

/** A worker that dies (stops forever, holding its jobs) at a random point with probability `p` per point. */
function mortalWorker(p: number, deaths: Record<string, number>) {
  const chaos = async (point: ChaosPoint) => {
    if (Math.random() < p) {
      deaths[point] = (deaths[point] ?? 0) + 1;
      await never();
    }
  };
  return drainOutbox(t.db, { budgetMs: 1_500, concurrency: 8, deps: { timing, providerFor, chaos } });
}

async function runUntil(done: () => Promise<boolean>, p: number, deaths: Record<string, number>, limitMs = 120_000) {
  const until = Date.now() + limitMs;
  while (!(await done()) && Date.now() < until) {
    await Promise.race([Promise.all([mortalWorker(p, deaths), mortalWorker(p, deaths), mortalWorker(p, deaths)]), sleep(2_000)]);
  }
}

beforeAll(async () => {
  atol = await startFakeAtol({ processingDelayMs: 20, seed: 20261123 });
  process.env.ATOL_BASE_URL = atol.url;
  resetEnvCache();
  clearAtolTokenCache();
  const portal = env.emu.portals[0]!;
  await install(portal);
  const admin = await openApp(portal);
  expect((await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}))).status).toBe(201);
});

afterAll(async () => {
  delete process.env.ATOL_BASE_URL;
  resetEnvCache();
  await atol?.close();
});

describe("fault tolerance", () => {
  it("fiscalises 200 receipts exactly once through provider faults, rate limits and dying workers", async () => {
    const portal = env.emu.portals[0]!;
    portal.setRateLimit({ burst: 50, drainPerSec: 2 });
    atol.setFaults({ timeoutRate: 0.06, errorRate: 0.06, errorStatuses: [500, 502, 503], tokenExpiryRate: 0.03, callbackDropRate: 0.5, hangMs: 1_000 });

    const checks: EmulatedCheck[] = [];
    for (let i = 0; i < 200; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, k) =>
          portal.printCheck(portal.payment({ type: "sell", items: [{ name: `Товар ${i + k}`, price: 100 + i + k, quantity: 1 }], payments: [{ type: "cashless", sum: 100 + i + k }] })),
        ),
      );
      checks.push(...batch);
    }
    expect(checks.every((c) => c.STATUS === "P" && c.EXTERNAL_UUID)).toBe(true);

    const deaths: Record<string, number> = {};
    // Until Bitrix24 has every result and our rows say so: a worker that dies right after check.apply leaves its row
    // "fiscalised" until its lease expires and another worker records the (already applied) result.
    const allDone = async () => checks.every((c) => c.STATUS === "Y") && (await t.db.select({ status: receipts.status }).from(receipts)).every((r) => r.status === "done");
    await runUntil(allDone, 0.02, deaths);

    // Bitrix24: every check printed, each exactly once, with ATOL's fiscal data.
    expect(checks.filter((c) => c.STATUS !== "Y").map((c) => c.ID)).toEqual([]);
    expect(checks.every((c) => c.printCount === 1)).toBe(true);
    // ATOL: one document per receipt, no external_id registered twice.
    expect(atol.documents.size).toBe(200);
    expect(atol.state.maxRegistrationsPerExternalId()).toBe(1);
    for (const c of checks) {
      const doc = atol.documents.get([...atol.documents.values()].find((d) => d.externalId === `${c.EXTERNAL_UUID}-1`)!.uuid)!;
      expect(doc.status).toBe("done");
      expect(c.LINK_PARAMS!.fn_number).toBe(doc.payload!.fn_number);
    }
    // Our side: all done; and the faults really happened.
    const rows = await t.db.select().from(receipts);
    expect(rows.filter((r) => r.status !== "done")).toEqual([]);
    expect(atol.requests.filter((r) => r.fault).length).toBeGreaterThan(10);
    expect(Object.values(deaths).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
    atol.setFaults({});
    portal.setRateLimit(null);
  }, 180_000);

  it("a document that ATOL fails with a queue timeout is sent again under a new external_id, once", async () => {
    // A slow ATOL (documents wait 1.5 s in its queue), so the first document can be failed while still queued.
    const slow = await startFakeAtol({ processingDelayMs: 1_500 });
    const viaSlow = (p: CashboxProfile) =>
      p.credentialsEnc ? atolProvider({ baseUrl: slow.url, credentials: validCashbox().credentials, timeoutMs: 1_000, reportIntervalMs: 0 }) : null;
    try {
      const portal = env.emu.portals[0]!;
      const check = await portal.printCheck(portal.payment({ type: "sell" }));
      await drainOutbox(t.db, { budgetMs: 300, deps: { timing: { ...timing, firstPollMs: 5_000 }, providerFor: viaSlow } });
      expect(slow.registrations.get(`${check.EXTERNAL_UUID}-1`)).toBe(1);
      slow.state.failDocument(`${check.EXTERNAL_UUID}-1`, { type: "timeout" });
      const until = Date.now() + 30_000;
      while (check.STATUS !== "Y" && Date.now() < until) await drainOutbox(t.db, { budgetMs: 2_000, deps: { timing, providerFor: viaSlow } });
      expect(check.STATUS).toBe("Y");
      expect(slow.registrations.get(`${check.EXTERNAL_UUID}-2`)).toBe(1);
      expect(slow.state.maxRegistrationsPerExternalId()).toBe(1);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it("wrote no secret into any log line", () => {
    const text = logs.lines.join("\n");
    expect(text).not.toContain("zUr0OxfI");
    expect(text).not.toContain(env.emu.portals[0]!.applicationToken);
  });
});
