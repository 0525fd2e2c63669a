import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { startFakeAtol, type FakeAtol } from "../fakes/fake-atol";
import type { EmulatedCheck } from "../fakes/bitrix-portal/emulator";
import { useEmulator } from "../helpers/app";
import { appProcess, type AppProcess } from "../helpers/app-process";
import { validCashbox } from "../helpers/fixtures";
import { appliesOf, documentsPerReceipt, sleep } from "../helpers/resilience";

// The server process is killed with SIGKILL twice while Bitrix24 keeps posting paid payments to PRINT_URL, and is
// started again each time. Every receipt we answered with a UUID ends fiscalised once at ATOL and printed once in
// Bitrix24 — counted at the fakes. The process runs on real Postgres when the suite has one (TEST_DATABASE_URL, the
// Neon project in CI), otherwise on PGlite in a folder (which must recover from the kill itself).

const env = useEmulator({ portals: 1 });
let atol: FakeAtol;
let app: AppProcess;
let dropDb: () => Promise<void> = async () => {};

async function database(): Promise<Record<string, string>> {
  const base = process.env.TEST_DB === "neon" ? process.env.TEST_DATABASE_URL : undefined;
  if (!base) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kassa-crash-"));
    dropDb = async () => rmSync(dir, { recursive: true, force: true });
    return { DATABASE_URL: `pglite:${dir}`, DATA_DIR: dir };
  }
  const name = `crash_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString(), driver: "pg" });
  await handle.migrate();
  await handle.close();
  dropDb = async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  return { DATABASE_URL: url.toString(), DATABASE_DRIVER: "pg" };
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body, redirect: "manual" });

beforeAll(async () => {
  atol = await startFakeAtol({ processingDelayMs: 20 });
  app = await appProcess({
    ...(await database()),
    APP_SECRET: "crash-test-app-secret-0123456789-abcdefgh",
    B24_CLIENT_ID: "local.test",
    B24_CLIENT_SECRET: "test-secret",
    B24_OAUTH_URL: env.emu.oauthUrl,
    B24_ALLOW_HTTP_PORTALS: "1",
    ATOL_BASE_URL: atol.url,
    LOG_LEVEL: "warn",
  });
  await app.start();
  const portal = env.emu.portals[0]!;
  const inst = portal.installRequest();
  expect((await post(`${app.url}/api/bitrix/install?${inst.query}`, inst.body)).status).toBeLessThan(400);
  const frame = portal.frameRequest();
  const entry = await post(`${app.url}/api/bitrix/app?${frame.query}`, frame.body);
  const bearer = decodeURIComponent(entry.headers.get("location")!.split("#token=")[1]!);
  const created = await fetch(`${app.url}/api/cashboxes`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify(validCashbox()),
  });
  expect(created.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await atol?.close();
  await dropDb();
});

describe("crash recovery", () => {
  it("loses and duplicates nothing when the server is SIGKILLed under load and restarted", async () => {
    const portal = env.emu.portals[0]!;
    const checks: EmulatedCheck[] = [];
    let stop = false;
    let n = 0;
    // Four payments being paid at any moment, without pause, through both crashes.
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!stop) {
          const sum = 100 + n++;
          const check = await portal.printCheck(portal.payment({ type: "sell", items: [{ name: `Товар ${sum}`, price: sum, quantity: 1 }], payments: [{ type: "cashless", sum }] }));
          checks.push(check);
          // Nobody answers while the process is down: the next payment comes a little later, not in a busy loop.
          if (!check.EXTERNAL_UUID) await sleep(50);
        }
      }),
    );
    // One registration in five is stored at ATOL but its answer is lost (the socket dies after 300 ms), so at any
    // moment some receipts are "registering" — the state in which a crash must not lead to a second document.
    atol.setFaults({ timeoutRate: 0.2, phase: "after", routes: ["register"], hangMs: 300 });
    const kills: number[] = [];
    for (const runMs of [1_500, 2_000]) {
      await sleep(runMs);
      kills.push(checks.length);
      await app.kill();
      await sleep(200);
      await app.start();
    }
    await sleep(1_000);
    stop = true;
    await load;
    atol.setFaults({});

    const accepted = checks.filter((c) => c.EXTERNAL_UUID);
    const until = Date.now() + 60_000;
    while (accepted.some((c) => c.STATUS !== "Y") && Date.now() < until) await sleep(100);

    const refused = checks.filter((c) => !c.EXTERNAL_UUID);
    const perReceipt = documentsPerReceipt(atol.documents.values());
    const repeatedApplies = accepted.reduce((s, c) => s + appliesOf(c) - 1, 0);
    process.stderr.write(
      `crash: ${checks.length} checks, ${accepted.length} accepted, ${refused.length} not (${refused.filter((c) => c.STATUS === "P").length} answers cut off), ` +
        `${atol.documents.size} ATOL documents, ${repeatedApplies} repeated check.apply\n`,
    );
    // The load really ran through the kills.
    expect(accepted.length).toBeGreaterThanOrEqual(20);
    expect(kills[1]! - kills[0]!).toBeGreaterThan(0);
    expect(atol.requests.filter((r) => r.fault).length).toBeGreaterThan(3);
    // Every accepted receipt: printed in Bitrix24 exactly once, one ATOL document.
    expect(accepted.filter((c) => c.STATUS !== "Y").map((c) => c.ID)).toEqual([]);
    expect(accepted.every((c) => c.printCount === 1)).toBe(true);
    expect(accepted.map((c) => perReceipt.get(c.EXTERNAL_UUID!) ?? 0)).toEqual(accepted.map(() => 1));
    // No receipt anywhere got a second document, and nothing was fiscalised that Bitrix24 did not send.
    expect(Math.max(0, ...perReceipt.values())).toBe(1);
    expect(atol.state.maxRegistrationsPerExternalId()).toBe(1);
    expect(atol.documents.size).toBeLessThanOrEqual(accepted.length + refused.length);
    // A check whose PRINT_URL found no server is an error in Bitrix24; one whose answer died with the process stays
    // "printing" without our UUID (Bitrix24 cannot ask about it). Neither is ever printed.
    expect(refused.every((c) => (c.STATUS === "E" || c.STATUS === "P") && c.printCount === 0)).toBe(true);
    // check.apply is repeated only for a batch in flight when a process died (Bitrix24 had answered, our commit had not
    // happened): the repeat finds the check printed and changes nothing — one print per check, as counted above.
    expect(accepted.every((c) => c.history.filter((h) => h.source === "apply" && h.changed).length === 1)).toBe(true);
  }, 120_000);
});
