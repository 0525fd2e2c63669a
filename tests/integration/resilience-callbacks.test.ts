import { beforeAll, describe, expect, it } from "vitest";
import { POST as callbackRoute } from "@/app/api/providers/callback/[receiptId]/[sig]/route";
import { receipts } from "@/lib/db/schema";
import { drainOutbox } from "@/lib/fiscal/drain";
import { callbackSignature } from "@/lib/fiscal/pipeline-deps";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import type { FakeAtol } from "../fakes/fake-atol";
import { reportBody } from "../fakes/atol/documents";
import { params, useEmulator, useFakeAtol } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { captureLogs } from "../helpers/capture-logs";
import { useTestDb } from "../helpers/db";
import { appliesOf, drainUntil, fastProvider, installWithCashbox, printChecks, sleep } from "../helpers/resilience";

// ATOL answers at most one report request per second per cash register, so a burst of receipts cannot be polled
// to the end quickly. Its callback carries the report itself, and the callback URL is signed: the result is taken
// from it, with no report request at all. A callback that does not name our document changes nothing.

const t = useTestDb();
const env = useEmulator({ portals: 1 });
useAppServer();
captureLogs();
let atol: FakeAtol;

// The first poll comes late (a minute): anything fiscalised before that came by callback.
const deps = { timing: { ...DEFAULT_TIMING, firstPollMs: 60_000, leaseMs: 5_000, applyLingerMs: 50 }, providerFor: fastProvider };

const fake = useFakeAtol({ processingDelayMs: 20 });

beforeAll(async () => {
  atol = fake.atol;
  await installWithCashbox(env.emu.portals[0]!);
});

const callback = (receiptId: string, body: unknown, sig = callbackSignature(receiptId)) =>
  callbackRoute(new Request(`http://app.test/api/providers/callback/${receiptId}/${sig}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), params({ receiptId, sig }));

describe("provider callbacks", () => {
  it("takes 40 results from ATOL's callbacks without a single report request", async () => {
    const portal = env.emu.portals[0]!;
    const checks = await printChecks(portal, 40, 10);
    const ok = await drainUntil(t.db, () => checks.every((c) => c.STATUS === "Y"), { deps, limitMs: 30_000 });
    expect(ok).toBe(true);
    expect(checks.every((c) => c.printCount === 1 && appliesOf(c) === 1)).toBe(true);
    expect(atol.requests.filter((r) => r.path.includes("/report/"))).toEqual([]);
    expect(atol.callbacks.length).toBeGreaterThanOrEqual(40);
  }, 60_000);

  it("ignores a signed callback that names another document or is not done, and takes the real one", async () => {
    const portal = env.emu.portals[0]!;
    atol.state.processingDelayMs = 60_000;
    const [check] = await printChecks(portal, 1);
    await drainOutbox(t.db, { budgetMs: 300, deps });
    const receiptId = check!.EXTERNAL_UUID!;
    const doc = atol.state.findByExternalId(`${receiptId}-1`)!;
    const status = async () => (await t.db.select({ id: receipts.id, s: receipts.status }).from(receipts)).find((r) => r.id === receiptId)!.s;
    expect(await status()).toBe("registered");

    // Someone else's document, with a done payload: not our result.
    const other = { ...reportBody(atol.state, doc), uuid: "4f2b8c1e-0000-4000-8000-000000000000", status: "done", payload: { fn_number: "9999078900004792" } };
    expect((await callback(receiptId, other)).status).toBe(200);
    // Our document, still waiting: nothing to take.
    expect((await callback(receiptId, reportBody(atol.state, doc))).status).toBe(200);
    // A forged signature: refused.
    expect((await callback(receiptId, reportBody(atol.state, doc), "x".repeat(24))).status).toBe(404);
    expect(await status()).toBe("registered");

    atol.state.completeDocument(doc.uuid);
    await atol.callbacksSettled();
    expect(await status()).toBe("fiscalised");
    const until = Date.now() + 10_000;
    while (check!.STATUS !== "Y" && Date.now() < until) {
      await drainOutbox(t.db, { budgetMs: 300, deps });
      await sleep(20);
    }
    expect(check!.STATUS).toBe("Y");
    expect(check!.LINK_PARAMS!.fn_number).toBe(doc.payload!.fn_number);
    atol.state.processingDelayMs = 20;
  }, 30_000);
});
