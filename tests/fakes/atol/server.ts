/** node:http server for the fake ATOL Online v5 API, rooted at `/possystem/v5`. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AtolHttpError } from "./errors";
import { errorResponse, requestToken, type AtolResponse, type AtolRoute } from "./router";
import { ATOL_ROUTES } from "./routes";
import { ATOL_TEST_ACCOUNT, AtolState, type AtolAccount, type AtolRequestLogEntry } from "./state";

export const ATOL_BASE_PATH = "/possystem/v5";

export interface FakeAtolOptions {
  accounts?: AtolAccount[];
  clockShiftMs?: number;
  /** Extra routes (tried before the built-in ones). */
  routes?: AtolRoute[];
}

export interface FakeAtol {
  /** 'http://127.0.0.1:PORT/possystem/v5' */
  url: string;
  readonly tokensIssued: number;
  requests: AtolRequestLogEntry[];
  state: AtolState;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, out: AtolResponse): void {
  const text = JSON.stringify(out.body);
  res.writeHead(out.status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startFakeAtol(opts: FakeAtolOptions = {}): Promise<FakeAtol> {
  const state = new AtolState(opts.accounts ?? [ATOL_TEST_ACCOUNT], opts.clockShiftMs ?? 0);
  const routes = [...(opts.routes ?? []), ...ATOL_ROUTES];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://atol.invalid");
    const rawBody = await readBody(req);
    state.requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.search.replace(/^\?/, ""),
      body: tryJson(rawBody),
      rawBody,
      contentType: req.headers["content-type"] ?? "",
      token: requestToken(req, url),
    });
    const sub = url.pathname.startsWith(`${ATOL_BASE_PATH}/`) ? url.pathname.slice(ATOL_BASE_PATH.length) : null;
    for (const route of routes) {
      if (sub === null || route.method !== req.method) continue;
      const match = route.path.exec(sub);
      if (!match) continue;
      try {
        send(res, await route.handle({ state, req, url, match, rawBody }));
      } catch (e) {
        if (!(e instanceof AtolHttpError)) throw e;
        send(res, errorResponse(e, { state }));
      }
      return;
    }
    send(res, errorResponse(new AtolHttpError(404, 0, "Ресурс не найден"), { state }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      send(res, errorResponse(new AtolHttpError(500, 50, String(e instanceof Error ? e.message : e)), { state }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${ATOL_BASE_PATH}`,
    get tokensIssued() {
      return state.tokensIssued;
    },
    requests: state.requests,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
