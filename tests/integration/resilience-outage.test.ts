import { beforeAll, describe, expect, it } from "vitest";
import { outboxJobs, receipts } from "@/lib/db/schema";
import { drainOutbox } from "@/lib/fiscal/drain";
import { DEFAULT_TIMING, type Timing } from "@/lib/fiscal/timing";
import type { FakeAtol } from "../fakes/fake-atol";
import type { EmulatedCheck } from "../fakes/bitrix-portal/emulator";
import { useEmulator, useFakeAtol } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { captureLogs } from "../helpers/capture-logs";
import { useTestDb } from "../helpers/db";
import { appliesOf, documentsPerReceipt, drainUntil, fastProvider, installWithCashbox, printChecks, sleep } from "../helpers/resilience";

// ATOL is down for "five minutes" while Bitrix24 keeps sending paid payments; then it comes back. Time is compressed
// 100×: every delay of the pipeline is the production value ÷ 100, so a 3-second outage is five minutes of back-off.
// Afterwards every receipt is fiscalised once, the backlog reached ATOL in the order we accepted it, nothing is dead.

const t = useTestDb();
const env = useEmulator({ portals: 1 });
useAppServer();
captureLogs();
let atol: FakeAtol;

const SCALE = 100;
const timing: Timing = Object.fromEntries(Object.entries(DEFAULT_TIMING).map(([k, v]) => [k, k.startsWith("max") && k.endsWith("Attempts") ? v : v / SCALE])) as unknown as Timing;
// No worker dies here: a long lease keeps a worker slowed by a busy machine from losing its claim mid-way.
const deps = { timing: { ...timing, leaseMs: 10_000 }, providerFor: fastProvider };
const OUTAGE_MS = (5 * 60_000) / SCALE;
/** Jobs claimed side by side (2 workers × 8): within such a window the order is the claim's, not ours. */
const WINDOW = 16;
/** One worker may finish a claim while the other is still on its previous one (a busy machine): two windows. */
const TOLERANCE = 2 * WINDOW;

const fake = useFakeAtol({ processingDelayMs: 20, seed: 7 });

beforeAll(async () => {
  atol = fake.atol;
  await installWithCashbox(env.emu.portals[0]!);
});

describe("provider outage", () => {
  it("drains the backlog of a five-minute ATOL outage in order of acceptance, each receipt once, none dead", async () => {
    const portal = env.emu.portals[0]!;
    const before = await printChecks(portal, 10, 5);
    expect(await drainUntil(t.db, () => before.every((c) => c.STATUS === "Y"), { deps, limitMs: 20_000 })).toBe(true);
    const docsBefore = atol.documents.size;

    // Outage: every call fails — half hang until our timeout, half get the balancer's 502/503 page.
    atol.setFaults({ timeoutRate: 0.5, errorRate: 1, errorStatuses: [502, 503], phase: "before", hangMs: 2_000 });
    const outageStarted = Date.now();
    let stop = false;
    const workers = (async () => {
      while (!stop) {
        await Promise.all([0, 1].map((w) => drainOutbox(t.db, { budgetMs: 300, concurrency: 8, workerId: `ow-${w}`, deps })));
        await sleep(20);
      }
    })();
    // Bitrix24 keeps sending receipts through the outage.
    const backlog: EmulatedCheck[] = [];
    for (let i = 0; i < 12; i++) {
      backlog.push(...(await printChecks(portal, 10, 5, 1_000 + i * 10)));
      await sleep(OUTAGE_MS / 16);
    }
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)));
    expect(atol.documents.size).toBe(docsBefore);
    const faulted = atol.requests.filter((r) => r.fault).length;
    atol.setFaults({});
    const recovered = Date.now();
    const done = async () => backlog.every((c) => c.STATUS === "Y") && (await t.db.select({ s: receipts.status }).from(receipts)).every((r) => r.s === "done");
    while (!(await done()) && Date.now() - recovered < 40_000) await sleep(50);
    const drainedMs = Date.now() - recovered;
    stop = true;
    await workers;

    // Everything arrived, once.
    expect(backlog.filter((c) => c.STATUS !== "Y").map((c) => c.ID)).toEqual([]);
    expect(backlog.every((c) => c.EXTERNAL_UUID && c.printCount === 1 && appliesOf(c) === 1)).toBe(true);
    const perReceipt = documentsPerReceipt(atol.documents.values());
    expect(backlog.map((c) => perReceipt.get(c.EXTERNAL_UUID!) ?? 0)).toEqual(backlog.map(() => 1));
    expect(atol.documents.size).toBe(docsBefore + backlog.length);
    // The outage was real: many calls failed, and the back-off kept them far from a tight loop.
    expect(faulted).toBeGreaterThan(20);
    expect(faulted).toBeLessThan(backlog.length * 12);

    // Order of acceptance. The first claim of each worker after the recovery takes whichever receipts' back-off ended
    // first (they find out that ATOL is back); from then on the backlog leaves oldest first, so a receipt reaches ATOL
    // before one accepted earlier only within one claim's window.
    const accepted = new Map(backlog.map((c, i) => [c.EXTERNAL_UUID!, i]));
    const order = [...atol.documents.values()].map((d) => accepted.get(d.externalId.replace(/-\d+$/, ""))).filter((i): i is number => i !== undefined);
    expect(order).toHaveLength(backlog.length);
    const afterProbes = order.slice(WINDOW);
    let worst = 0;
    afterProbes.forEach((a, k) => {
      for (const b of afterProbes.slice(k + 1)) worst = Math.max(worst, a - b);
    });
    process.stderr.write(`outage: ${faulted} failed calls; backlog of ${backlog.length} drained ${drainedMs} ms after recovery; worst inversion ${worst}\n`);
    expect(worst).toBeLessThanOrEqual(TOLERANCE);

    // Nothing given up: no dead job, no receipt waiting for a human.
    const jobs = await t.db.select({ status: outboxJobs.status, kind: outboxJobs.kind }).from(outboxJobs);
    expect(jobs.filter((j) => j.status === "dead")).toEqual([]);
    expect((await t.db.select({ s: receipts.status }).from(receipts)).filter((r) => r.s !== "done")).toEqual([]);
  }, 90_000);
});
