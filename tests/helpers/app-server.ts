import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import * as appEntry from "@/app/api/bitrix/app/route";
import * as events from "@/app/api/bitrix/events/route";
import * as install from "@/app/api/bitrix/install/route";
import * as check from "@/app/api/cashbox/[portalId]/[secret]/check/route";
import * as print from "@/app/api/cashbox/[portalId]/[secret]/print/route";
import * as callback from "@/app/api/providers/callback/[receiptId]/[sig]/route";
import { resetEnvCache } from "@/lib/env";

// The app's public route handlers behind a real HTTP server on loopback, so the portal emulator and the fake
// providers reach them over the wire (PRINT_URL, CHECK_URL, callbacks) exactly as Bitrix24 and ATOL would.

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const routes: Array<[RegExp, string[], Handler]> = [
  [/^\/api\/bitrix\/install$/, [], install.POST as Handler],
  [/^\/api\/bitrix\/events$/, [], events.POST as Handler],
  [/^\/api\/bitrix\/app$/, [], appEntry.POST as Handler],
  [/^\/api\/cashbox\/([^/]+)\/([^/]+)\/print$/, ["portalId", "secret"], print.POST as Handler],
  [/^\/api\/cashbox\/([^/]+)\/([^/]+)\/check$/, ["portalId", "secret"], check.POST as Handler],
  [/^\/api\/providers\/callback\/([^/]+)\/([^/]+)$/, ["receiptId", "sig"], callback.POST as Handler],
];

export interface AppServer {
  url: string;
  requests: Array<{ path: string; status: number }>;
}

/** Starts the server and points APP_URL at it (handler URLs registered at install are built from APP_URL). */
export function useAppServer(): AppServer {
  const state: AppServer = { url: "", requests: [] };
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const path = (req.url ?? "/").split("?")[0]!;
      const match = routes.map(([re, names, h]) => ({ m: path.match(re), names, h })).find((r) => r.m && req.method === "POST");
      let response: Response;
      if (!match) response = new Response("not found", { status: 404 });
      else {
        const params = Object.fromEntries(match.names.map((n, i) => [n, decodeURIComponent(match.m![i + 1]!)]));
        const request = new Request(`${state.url}${req.url}`, { method: req.method, headers: req.headers as HeadersInit, body: Buffer.concat(chunks) });
        response = await match.h(request, { params: Promise.resolve(params) });
      }
      state.requests.push({ path, status: response.status });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.APP_URL = state.url;
    resetEnvCache();
  });
  afterAll(async () => {
    process.env.APP_URL = "http://app.test";
    resetEnvCache();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return state;
}
