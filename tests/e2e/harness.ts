import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { startPortalEmulator } from "../fakes/bitrix-portal/emulator";
import type { EmulatedPortal, FrameRequest, PortalEmulator } from "../fakes/bitrix-portal/types";
import { startFakeAtol } from "../fakes/fake-atol";

// The whole app as a user meets it: `next start` (the production build) on PGlite, the portal emulator, the fake
// ATOL, and a "portal page" that POSTs the Bitrix24 frame form into an iframe, the way Bitrix24 opens apps.
// The portal page lives on 127.0.0.1 and the app on localhost: two sites, so the iframe is truly third-party.

export const CHROMIUM = "/usr/bin/chromium";

export interface Stack {
  emu: PortalEmulator;
  atol: Awaited<ReturnType<typeof startFakeAtol>>;
  appUrl: string;
  browser: Browser;
  /** URL of a portal page that opens the app (or its install page) in an iframe for this request. */
  portalPage(portal: EmulatedPortal, kind: "install" | "app", req: FrameRequest): string;
  /** Signs the first portal's admin in through the frame entry and creates an ATOL cashbox with the settings API. */
  createAtolCashbox(): Promise<void>;
  /** Opens the first portal's page in a 1280 × 900 tab and returns the app's iframe. */
  openInPortal(kind: "install" | "app", opts?: { userId?: number }): Promise<{ page: Page; frame: Frame }>;
  logs: string[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = http.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

export async function startStack(opts: { atolDelayMs?: number } = {}): Promise<Stack> {
  const emu = await startPortalEmulator({ portals: 1, clientId: "local.test", clientSecret: "test-secret", strictHandlerUrls: false });
  const atol = await startFakeAtol({ processingDelayMs: opts.atolDelayMs ?? 100 });
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "kassa-e2e-"));
  const logs: string[] = [];
  const app: ChildProcess = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      APP_URL: appUrl,
      APP_SECRET: "e2e-app-secret-0123456789-abcdefghijklmnop",
      B24_CLIENT_ID: "local.test",
      B24_CLIENT_SECRET: "test-secret",
      DATABASE_URL: `pglite:${dataDir}`,
      DATA_DIR: dataDir,
      B24_OAUTH_URL: emu.oauthUrl,
      B24_ALLOW_HTTP_PORTALS: "1",
      B24_FRAME_ANCESTORS: "http://127.0.0.1:*",
      ATOL_BASE_URL: atol.url,
      EVOTOR_BASE_URL: atol.url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout!.on("data", (d) => logs.push(String(d)));
  app.stderr!.on("data", (d) => logs.push(String(d)));
  await waitFor(`${appUrl}/api/health`, 60_000);

  const pages = new Map<string, string>();
  const portalServer = http.createServer((req, res) => {
    const html = pages.get(req.url ?? "");
    res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
  });
  await new Promise<void>((r) => portalServer.listen(0, "127.0.0.1", () => r()));
  const portalOrigin = `http://127.0.0.1:${(portalServer.address() as AddressInfo).port}`;

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });

  let n = 0;
  const stack: Stack = {
    emu,
    atol,
    appUrl,
    browser,
    logs,
    portalPage(portal, kind, req) {
      const action = `${appUrl}/api/bitrix/${kind}?${req.query}`;
      const inputs = [...new URLSearchParams(req.body)].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("");
      const key = `/portal/${++n}`;
      pages.set(
        key,
        `<!doctype html><html><body style="margin:0;background:#eef2f4">
<iframe name="app" id="app" style="width:1280px;height:900px;border:0;display:block"></iframe>
<form id="f" method="POST" target="app" action="${esc(action)}">${inputs}</form>
<script>document.getElementById("f").submit()</script></body></html>`,
      );
      return `${portalOrigin}${key}`;
    },
    async createAtolCashbox() {
      const portal = emu.portals[0]!;
      const frame = portal.frameRequest();
      const entry = await fetch(`${appUrl}/api/bitrix/app?${frame.query}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: frame.body,
        redirect: "manual",
      });
      const bearer = decodeURIComponent(entry.headers.get("location")!.split("#token=")[1]!);
      const res = await fetch(`${appUrl}/api/cashboxes`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({
          name: "Касса",
          provider: "atol",
          mode: "test",
          credentials: { login: "v5-online-atol-ru", password: "zUr0OxfI", groupCode: "v5-online-atol-ru_5179" },
          company: { inn: "5544332219", sno: "osn", paymentAddress: "https://v5.online.atol.ru", email: "shop@example.ru" },
        }),
      });
      if (res.status !== 201) throw new Error(`cashbox not created: ${res.status} ${await res.text()}`);
    },
    async openInPortal(kind, opts = {}) {
      const portal = emu.portals[0]!;
      const req = kind === "install" ? portal.installRequest(opts) : portal.frameRequest(opts);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(stack.portalPage(portal, kind, req));
      return { page, frame: page.frame({ name: "app" })! };
    },
    async stop() {
      await browser.close().catch(() => {});
      app.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 300));
      portalServer.close();
      await atol.close();
      await emu.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** A stack with the app installed on the first portal (through the portal page) and an ATOL cashbox created. */
export async function startInstalledStack(opts: { atolDelayMs?: number } = {}): Promise<Stack> {
  const stack = await startStack(opts);
  const { page, frame } = await stack.openInPortal("install");
  await frame.getByText("Приложение установлено").waitFor({ timeout: 30_000 });
  await page.close();
  await stack.createAtolCashbox();
  return stack;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Screenshots shown in the README: regenerated by the e2e run, 1280 px wide PNGs in a committed folder. */
export const DOC_SHOTS = "docs/screenshots";

/**
 * The page as it is in the viewport (open it 1280 px wide and tall enough for the whole portal page): a full-page
 * screenshot resizes the viewport for a moment, after which Chromium's hit-testing inside iframes lags behind and
 * the next mouse click can land on nothing.
 */
export async function docScreenshot(page: Page, name: string): Promise<void> {
  const { mkdirSync } = await import("node:fs");
  mkdirSync(DOC_SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(DOC_SHOTS, `${name}.png`) });
}
