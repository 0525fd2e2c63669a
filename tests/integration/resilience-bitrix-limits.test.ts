import { beforeAll, describe, expect, it } from "vitest";
import { receipts } from "@/lib/db/schema";
import { drainOutbox } from "@/lib/fiscal/drain";
import { DEFAULT_TIMING, type Timing } from "@/lib/fiscal/timing";
import type { FakeAtol } from "../fakes/fake-atol";
import type { EmulatedCheck } from "../fakes/bitrix-portal/emulator";
import { useEmulator, useFakeAtol } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { captureLogs } from "../helpers/capture-logs";
import { useTestDb } from "../helpers/db";
import { appliesOf, fastProvider, installWithCashbox, maxPerWindow, printChecks, sleep } from "../helpers/resilience";

// Bitrix24 pushes back: the portal's leaky bucket is full (503 QUERY_LIMIT_EXCEEDED on every request), then
// sale.cashbox.check.apply is blocked by its operating-time limit (429 OPERATION_TIME_LIMIT inside batch). The results
// still arrive, each check printed once, and the requests the portal saw meanwhile show back-off, not a retry loop.
// The pipeline's delays are production ÷ 10 (the SDK's own waits on 503 — 1.5 s, 2.25 s — are real).

const t = useTestDb();
const env = useEmulator({ portals: 1 });
useAppServer();
captureLogs();
let atol: FakeAtol;

const SCALE = 10;
const timing: Timing = Object.fromEntries(Object.entries(DEFAULT_TIMING).map(([k, v]) => [k, k.startsWith("max") && k.endsWith("Attempts") ? v : v / SCALE])) as unknown as Timing;
const deps = { timing, providerFor: fastProvider };

/** Two drain loops (two instances) until stopped. */
function runWorkers() {
  let stop = false;
  const done = (async () => {
    while (!stop) {
      await Promise.all([0, 1].map((w) => drainOutbox(t.db, { budgetMs: 500, concurrency: 8, workerId: `lw-${w}`, deps })));
      await sleep(20);
    }
  })();
  return async () => {
    stop = true;
    await done;
  };
}

async function until(cond: () => boolean | Promise<boolean>, limitMs: number): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (!(await cond()) && Date.now() < end) await sleep(50);
  return cond();
}

const allDone = async () => (await t.db.select({ s: receipts.status }).from(receipts)).every((r) => r.s === "done");

function expectPrintedOnce(checks: EmulatedCheck[]) {
  expect(checks.filter((c) => c.STATUS !== "Y").map((c) => c.ID)).toEqual([]);
  expect(checks.every((c) => c.printCount === 1 && appliesOf(c) === 1)).toBe(true);
}

const fake = useFakeAtol({ processingDelayMs: 20 });

beforeAll(async () => {
  atol = fake.atol;
  await installWithCashbox(env.emu.portals[0]!);
});

describe("Bitrix24 limits", () => {
  it("waits out a full request bucket (503 QUERY_LIMIT_EXCEEDED) without a retry loop, then delivers every result once", async () => {
    const portal = env.emu.portals[0]!;
    const checks = await printChecks(portal, 30, 10);
    const closedFor = 6_000;
    // Another app on the portal has used up the bucket: every request is refused until it drains.
    portal.setRateLimit({ burst: 0, drainPerSec: 0 });
    const from = portal.requests.length;
    const closed = Date.now();
    const stop = runWorkers();
    await sleep(closedFor);
    const refused = portal.requests.slice(from);
    portal.setRateLimit({ burst: 10, drainPerSec: 2 });
    const ok = await until(async () => checks.every((c) => c.STATUS === "Y") && (await allDone()), 30_000);
    await stop();

    expect(ok).toBe(true);
    expectPrintedOnce(checks);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.status === 503)).toBe(true);
    // Back-off: the SDK waits 1.5 s and 2.25 s between its tries, then the portal's results wait one back-off together.
    // At most two batches (one per worker) were on their way when the bucket closed; a retry loop would show dozens.
    const perSecond = maxPerWindow(refused.map((r) => r.at));
    process.stderr.write(`limits: ${refused.length} refused in ${Date.now() - closed} ms, at most ${perSecond} in one second (${refused.map((r) => r.at - closed).join(",")}); REST calls after: ${portal.requests.length - from - refused.length}\n`);
    expect(perSecond).toBeLessThanOrEqual(5);
    expect(refused.length).toBeLessThanOrEqual((closedFor / 1_000) * 1.5);
  }, 60_000);

  it("backs off while check.apply is over its operating-time limit (OPERATION_TIME_LIMIT), then delivers every result once", async () => {
    const portal = env.emu.portals[0]!;
    portal.setRateLimit({ burst: 50, drainPerSec: 2 });
    const blockedFor = 5_000;
    portal.blockMethod("sale.cashbox.check.apply", blockedFor);
    const blocked = Date.now();
    const from = portal.requests.length;
    const stop = runWorkers();
    const checks = await printChecks(portal, 30, 10, 100);
    await sleep(Math.max(0, blockedFor - (Date.now() - blocked)));
    const during = portal.requests.slice(from).filter((r) => r.method === "batch" && r.at < blocked + blockedFor);
    const ok = await until(async () => checks.every((c) => c.STATUS === "Y") && (await allDone()), 30_000);
    await stop();

    expect(ok).toBe(true);
    expectPrintedOnce(checks);
    const perSecond = maxPerWindow(during.map((r) => r.at));
    process.stderr.write(`operating limit: ${during.length} batch calls while blocked, at most ${perSecond} in one second\n`);
    // The results wait 0.2, 0.4, 0.8, 1.6 s… together (production ÷ 10): a handful of calls, not one per drain round
    // (without the back-off: 58 calls, 40 in one second).
    expect(during.length).toBeGreaterThan(0);
    expect(during.length).toBeLessThanOrEqual(15);
    expect(perSecond).toBeLessThanOrEqual(6);
    portal.setRateLimit(null);
  }, 60_000);
});
