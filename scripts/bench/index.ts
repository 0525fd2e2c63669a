// npm run bench — measures what matters on this machine against real Postgres: PRINT_URL latency against a no-work
// route of the same server, end-to-end receipts per second with 1 and 4 drain workers, Bitrix24 REST calls and
// database transactions per receipt, the pages' JavaScript, the server's peak memory, and reconciliation of a month of
// 100 000 payments and receipts. Writes bench/results.json.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { gzipSync } from "node:zlib";
import { startPortalEmulator } from "../../tests/fakes/bitrix-portal/emulator";
import { startFakeAtol } from "../../tests/fakes/fake-atol";
import { withBenchDatabase, type BenchDatabase } from "./database";
import { benchReconcile } from "./reconcile";

const REQUESTS = 400;
const RECEIPTS = 1_000;

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** CPU seconds a process has used so far (user + system, from /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Fires `n` requests with `concurrency` in flight; returns sorted latencies (ms). */
async function load(n: number, concurrency: number, send: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await send(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function main({ name: dbName, url: dbUrl, admin, db }: BenchDatabase) {
  const emu = await startPortalEmulator({ portals: 2, clientId: "local.bench", clientSecret: "bench-secret", strictHandlerUrls: false });
  const atol = await startFakeAtol({ processingDelayMs: 50 });
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const env = {
    APP_URL: appUrl,
    APP_SECRET: "bench-app-secret-0123456789-abcdefghijklmn",
    B24_CLIENT_ID: "local.bench",
    B24_CLIENT_SECRET: "bench-secret",
    DATABASE_URL: dbUrl,
    DATABASE_DRIVER: "pg",
    B24_OAUTH_URL: emu.oauthUrl,
    B24_ALLOW_HTTP_PORTALS: "1",
    ATOL_BASE_URL: atol.url,
    OUTBOX_WORKER_INTERVAL_MS: "0",
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, env);

  // BENCH_SERVER_PROF=<dir> writes a CPU profile of the server (for finding where its time goes).
  const prof = process.env.BENCH_SERVER_PROF;
  const server = spawn(process.execPath, [...(prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : []), "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: "ignore",
  });
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${appUrl}/api/ping`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 500));
  }

  // Two portals, each installed with an ATOL cashbox: one takes the latency runs (raw PRINT_URL posts replayed with
  // fresh uuids, which Bitrix24 would not know), the other the end-to-end runs (real checks of the emulator).
  const installWithCashbox = async (portal: (typeof emu.portals)[number]) => {
    const inst = portal.installRequest();
    await fetch(`${appUrl}/api/bitrix/install?${inst.query}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: inst.body, redirect: "manual" });
    const frame = portal.frameRequest();
    const entry = await fetch(`${appUrl}/api/bitrix/app?${frame.query}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: frame.body, redirect: "manual" });
    const bearer = decodeURIComponent(entry.headers.get("location")!.split("#token=")[1]!);
    await fetch(`${appUrl}/api/cashboxes`, {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: "Bench",
        provider: "atol",
        mode: "test",
        credentials: { login: "v5-online-atol-ru", password: "zUr0OxfI", groupCode: "v5-online-atol-ru_5179" },
        company: { inn: "5544332219", sno: "osn", paymentAddress: "https://v5.online.atol.ru", email: "shop@example.ru" },
      }),
    });
  };
  const [portal, e2ePortal] = emu.portals as [(typeof emu.portals)[number], (typeof emu.portals)[number]];
  await installWithCashbox(portal);
  await installWithCashbox(e2ePortal);
  const first = await portal.printCheck(portal.payment({ type: "sell" }));
  const printUrl = portal.handlers[0].SETTINGS.PRINT_URL as string;
  const template = new URLSearchParams(first.print!.requestBody);
  let seq = 0;
  const printOnce = async () => {
    const body = new URLSearchParams(template);
    body.set("uuid", `check|bench|${++seq}`);
    const r = await fetch(printUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() });
    const j = (await r.json()) as { UUID?: string };
    if (!j.UUID) throw new Error(`PRINT_URL refused: ${JSON.stringify(j)}`);
  };
  const ping = async () => void (await (await fetch(`${appUrl}/api/ping`, { method: "POST", body: "x" })).text());

  await load(100, 10, printOnce); // warm-up
  await load(100, 10, ping);
  const latency: Record<string, { print: { p50: number; p99: number }; baseline: { p50: number; p99: number }; ratioP99: number }> = {};
  for (const c of [1, 10, 50]) {
    const p = await load(REQUESTS, c, printOnce);
    const b = await load(REQUESTS, c, ping);
    latency[`c${c}`] = {
      print: { p50: percentile(p, 50), p99: percentile(p, 99) },
      baseline: { p50: percentile(b, 50), p99: percentile(b, 99) },
      ratioP99: percentile(p, 99) / percentile(b, 99),
    };
  }

  // The latency runs' receipts are fiscalised, but Bitrix24 never sent them (it would answer check.apply with "not
  // found" for minutes): retire their jobs so they do not weigh on the end-to-end runs.
  const latencyPortalId = new URL(printUrl).pathname.split("/")[3]!;
  await admin.query(`update outbox_jobs set status = 'dead', last_error = 'bench: latency run' where portal_id = $1 and status <> 'done'`, [latencyPortalId]);

  // End-to-end: Bitrix24 sends RECEIPTS paid payments (20 PRINT_URL posts in flight) while `workers` drain loops run
  // with the production timing, next to the server's own after() drain; the clock stops when the last check is printed.
  const { drainOutbox } = await import("../../lib/fiscal/drain");
  const stats = async () => (await admin.query(`select xact_commit + xact_rollback as n from pg_stat_database where datname = $1`, [dbName])).rows[0].n as string;
  const throughput: Record<string, number> = {};
  const cpu: Record<string, { server: number; bench: number; wall: number }> = {};
  let restPerReceipt = 0;
  let txPerReceipt = 0;
  let seqE2e = 0;
  for (const workers of [1, 4]) {
    const restBefore = e2ePortal.requests.length;
    const txBefore = Number(await stats());
    const t0 = performance.now();
    const cpu0 = { server: cpuSeconds(server.pid!), bench: cpuSeconds(process.pid) };
    let stop = false;
    const drains = Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        while (!stop) {
          await drainOutbox(db, { budgetMs: 1_000, concurrency: 8, workerId: `bench-${w}` });
          await new Promise((r) => setTimeout(r, 20));
        }
      }),
    );
    const checks: Awaited<ReturnType<typeof e2ePortal.printCheck>>[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (checks.length < RECEIPTS) {
          const sum = 100 + ++seqE2e;
          checks.push(await e2ePortal.printCheck(e2ePortal.payment({ type: "sell", items: [{ name: `Товар ${sum}`, price: sum, quantity: 1 }], payments: [{ type: "cashless", sum }] })));
        }
      }),
    );
    if (checks.some((c) => !c.EXTERNAL_UUID)) throw new Error("PRINT_URL refused a check in the end-to-end run");
    while (checks.some((c) => c.STATUS !== "Y")) await new Promise((r) => setTimeout(r, 10));
    throughput[`workers${workers}`] = checks.length / ((performance.now() - t0) / 1000);
    // Where the time went: the app server, and this process (emulator, fake ATOL and the drain workers).
    cpu[`workers${workers}`] = { server: cpuSeconds(server.pid!) - cpu0.server, bench: cpuSeconds(process.pid) - cpu0.bench, wall: (performance.now() - t0) / 1000 };
    stop = true;
    await drains;
    restPerReceipt = (e2ePortal.requests.length - restBefore) / checks.length;
    txPerReceipt = (Number(await stats()) - txBefore) / checks.length;
  }

  // JavaScript the pages load (gzip -9 of the module scripts).
  const js: Record<string, number> = {};
  for (const path of ["/deal/1", "/settings"]) {
    const html = await (await fetch(`${appUrl}${path}`)).text();
    const srcs = [...new Set([...html.matchAll(/<script(?![^>]*noModule)[^>]+src="([^"]+)"/gi)].map((m) => m[1]!))];
    let gz = 0;
    for (const s of srcs) gz += gzipSync(Buffer.from(await (await fetch(`${appUrl}${s}`)).arrayBuffer()), { level: 9 }).length;
    js[path] = gz / 1024;
  }
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

  // Wait for the server to exit: its pool must be gone before the bench database can be dropped.
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await exited;
  await atol.close();
  await emu.close();

  // Reconciliation of a month of 100 000 payments and receipts (another portal in the same database).
  const reconcile = await benchReconcile(admin, db);

  const results = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    database: "PostgreSQL (node-postgres) on 127.0.0.1",
    latencyMs: latency,
    receiptsPerSecond: throughput,
    endToEndCpuSeconds: cpu,
    restCallsPerReceipt: restPerReceipt,
    dbTransactionsPerReceipt: txPerReceipt,
    jsGzipKB: js,
    serverPeakRssMiB: hwm,
    reconcile,
    at: new Date().toISOString(),
  };
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/results.json", JSON.stringify(results, null, 2));
  const f = (n: number) => n.toFixed(1);
  console.log(`\n| metric | value | target |\n|---|---|---|`);
  for (const [c, v] of Object.entries(latency)) console.log(`| PRINT_URL ${c} p50 / p99 ms (baseline p99, ratio) | ${f(v.print.p50)} / ${f(v.print.p99)} (${f(v.baseline.p99)}, ${f(v.ratioP99)}×) | ${c === "c50" ? "p99 ≤ 100 ms, ≤ 3×" : ""} |`);
  for (const [w, v] of Object.entries(throughput)) {
    const c = cpu[w]!;
    console.log(`| receipts/s end to end, ${w} (CPU s: server ${f(c.server)}, bench ${f(c.bench)}, of ${f(c.wall)} s) | ${f(v)} | ${w === "workers4" ? "≥ 100" : ""} |`);
  }
  console.log(`| Bitrix24 REST calls per receipt | ${restPerReceipt.toFixed(3)} | ≤ 0.1 |`);
  console.log(`| DB transactions per receipt | ${f(txPerReceipt)} | |`);
  for (const [p, v] of Object.entries(js)) console.log(`| JS gzip ${p} KB | ${f(v)} | ${p === "/deal/1" ? "≤ 150" : ""} |`);
  console.log(`| server peak RSS MiB | ${f(hwm)} | |`);
  console.log(`| reconcile a month: ${reconcile.payments} payments, ${reconcile.receipts} receipts, s (re-run) | ${(reconcile.firstRunMs / 1000).toFixed(2)} (${(reconcile.rerunMs / 1000).toFixed(2)}) | ≤ 5 |`);
  console.log(`| mismatches found (after re-run) | ${reconcile.mismatches} (${reconcile.mismatchesAfterRerun}) | equal |`);
  console.log(`\nmachine: ${results.machine.cpus} cores, ${results.machine.model}, ${results.machine.memGiB} GiB, Node ${results.machine.node}`);
}

withBenchDatabase(main).catch((err) => {
  console.error(err);
  process.exit(1);
});
