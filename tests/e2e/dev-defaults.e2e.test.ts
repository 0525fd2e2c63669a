import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run dev` on a fresh clone: no environment at all, no database server. The app must serve its pages and
// reach its embedded database (PGlite in .data/, migrated on first use) with a generated dev secret.

let dev: ChildProcess;
let base: string;
const output: string[] = [];

beforeAll(async () => {
  const srv = http.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  base = `http://localhost:${port}`;
  // Only what a shell has: PATH and HOME. No APP_*, B24_*, DATABASE_URL.
  dev = spawn(path.join("node_modules", ".bin", "next"), ["dev", "-p", String(port)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  dev.stdout!.on("data", (d) => output.push(String(d)));
  dev.stderr!.on("data", (d) => output.push(String(d)));
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/`)).ok) return;
    } catch {
      // still compiling
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`next dev did not serve / in 90 s:\n${output.join("")}`);
}, 120_000);

afterAll(async () => {
  dev?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
});

describe("npm run dev with no configuration", () => {
  it("serves the landing page (GET and HEAD)", async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Облачная касса");
    expect((await fetch(`${base}/`, { method: "HEAD" })).status).toBe(200);
  });

  it("reaches its embedded database and keeps a generated secret under .data/", async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(existsSync(".data/pglite/PG_VERSION")).toBe(true);
    expect(readFileSync(".data/dev-secret", "utf8").trim().length).toBeGreaterThanOrEqual(32);
  }, 60_000);

  it("answers the Bitrix24 app URL with a redirect, not an error", async () => {
    const res = await fetch(`${base}/api/bitrix/app`, { method: "HEAD", redirect: "manual" });
    expect(res.status).toBe(302);
  }, 60_000);
});
