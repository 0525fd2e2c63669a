// The processes and servers of the demo: the portal emulator, the fake ATOL, and the app (next start when a production
// build exists — it answers at once; next dev otherwise, so a fresh clone needs no build step).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { startPortalEmulator } from "../../tests/fakes/bitrix-portal/emulator";
import type { PortalEmulator } from "../../tests/fakes/bitrix-portal/types";
import { startFakeAtol, type FakeAtol } from "../../tests/fakes/fake-atol";

export const CLIENT_ID = "local.demo";
const CLIENT_SECRET = "demo-client-secret";

export interface DemoStack {
  emu: PortalEmulator;
  atol: FakeAtol;
  appUrl: string;
  cronSecret: string;
  mode: "start" | "dev";
  app: ChildProcess;
  /** The app's output, kept for the error message when it does not come up. */
  appLog: string[];
}

export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A production build is used only when it is there; DEMO_DEV=1 forces next dev (after editing the code). */
function pickMode(): "start" | "dev" {
  if (process.env.DEMO_DEV === "1") return "dev";
  return existsSync(path.join(".next", "BUILD_ID")) ? "start" : "dev";
}

export async function startDemoStack(dataDir: string): Promise<DemoStack> {
  // A fresh database every run: the story is played from the beginning. Two portals: the story's, and a freshly
  // installed one where an admin meets the guided setup.
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const emu = await startPortalEmulator({ portals: 2, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, strictHandlerUrls: false });
  const atol = await startFakeAtol({ processingDelayMs: 600 });
  const port = Number(process.env.DEMO_PORT) || (await freePort());
  const appUrl = `http://localhost:${port}`;
  const cronSecret = randomBytes(24).toString("hex");
  const mode = pickMode();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    APP_URL: appUrl,
    APP_SECRET: randomBytes(32).toString("hex"),
    B24_CLIENT_ID: CLIENT_ID,
    B24_CLIENT_SECRET: CLIENT_SECRET,
    DATABASE_URL: `pglite:${path.resolve(dataDir, "pglite")}`,
    DATA_DIR: path.resolve(dataDir),
    B24_OAUTH_URL: emu.oauthUrl,
    B24_ALLOW_HTTP_PORTALS: "1",
    // The emulated portal pages live on 127.0.0.1, the app on localhost: two sites, a real third-party iframe.
    B24_FRAME_ANCESTORS: "http://127.0.0.1:*",
    ATOL_BASE_URL: atol.url,
    EVOTOR_BASE_URL: atol.url,
    CRON_SECRET: cronSecret,
    OUTBOX_WORKER_INTERVAL_MS: "500",
    LOG_LEVEL: process.env.DEMO_LOG_LEVEL ?? "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  } as Record<string, string | undefined> as NodeJS.ProcessEnv;
  const bin = path.join("node_modules", ".bin", "next");
  const args = mode === "start" ? ["start", "-p", String(port)] : ["dev", "-p", String(port)];
  // Its own process group, so Ctrl-C takes next's workers down with it.
  const app = spawn(bin, args, { env: mode === "start" ? { ...env, NODE_ENV: "production" } : env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const appLog: string[] = [];
  const keep = (d: Buffer) => {
    appLog.push(String(d));
    if (appLog.length > 200) appLog.shift();
    if (process.env.DEMO_VERBOSE === "1") process.stderr.write(d);
  };
  app.stdout!.on("data", keep);
  app.stderr!.on("data", keep);
  const stack: DemoStack = { emu, atol, appUrl, cronSecret, mode, app, appLog };
  try {
    await waitForHealth(stack, mode === "start" ? 60_000 : 180_000);
  } catch (err) {
    await stopDemoStack(stack);
    throw err;
  }
  return stack;
}

async function waitForHealth(stack: DemoStack, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (stack.app.exitCode !== null) throw new Error(`the app exited (${stack.app.exitCode}):\n${stack.appLog.join("").slice(-3000)}`);
    const ok = await fetch(`${stack.appUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app did not answer within ${ms / 1000} s:\n${stack.appLog.join("").slice(-3000)}`);
}

/** Stops the app's whole process group (SIGTERM, then SIGKILL after 5 s) and closes the fakes. */
export async function stopDemoStack(stack: Pick<DemoStack, "app" | "atol" | "emu">): Promise<void> {
  const { app } = stack;
  if (app.exitCode === null && app.signalCode === null && app.pid) {
    const exited = new Promise<void>((r) => app.once("exit", () => r()));
    const group = (sig: NodeJS.Signals) => {
      try {
        process.kill(-app.pid!, sig);
      } catch {
        // already gone
      }
    };
    group("SIGTERM");
    const timer = setTimeout(() => group("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  await stack.atol.close();
  await stack.emu.close();
}
