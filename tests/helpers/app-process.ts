import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

// Runs the app as a separate server process (tests/helpers/app-process-main.ts) that a test can SIGKILL and start
// again on the same port and database — what a crash of a long-running instance looks like from outside.

export interface AppProcess {
  url: string;
  pid(): number | undefined;
  start(): Promise<void>;
  /** SIGKILL: no shutdown hooks, in-flight requests and jobs die with it. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function appProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const root = path.resolve(import.meta.dirname, "../..");
  let child: ChildProcess | undefined;
  let out = "";

  const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));

  return {
    url,
    pid: () => child?.pid,
    output: () => out,
    async start() {
      const c = spawn(process.execPath, ["--import", "tsx", "--import", "./tests/helpers/server-only-hook.mjs", "tests/helpers/app-process-main.ts"], {
        cwd: root,
        env: { ...process.env, ...env, APP_URL: url, PORT: String(port), NODE_ENV: "test", OUTBOX_WORKER_INTERVAL_MS: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = c;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`app process did not start:\n${out}`)), 60_000);
        c.stdout!.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("ready\n")) {
            clearTimeout(timer);
            resolve();
          }
        });
        c.stderr!.on("data", (d: Buffer) => (out += d.toString()));
        c.once("exit", (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`app process exited (${code ?? signal}):\n${out}`));
        });
      });
    },
    async kill() {
      if (!child) return;
      const c = child;
      c.kill("SIGKILL");
      await exited(c);
    },
    async stop() {
      if (!child) return;
      const c = child;
      c.kill("SIGTERM");
      await exited(c);
    },
  };
}
