/** node:http server for the fake ATOL Online v5 API, rooted at `/possystem/v5`, with fault injection and callbacks. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { reportBody, settle, type AtolDocument } from "./documents";
import { AtolHttpError } from "./errors";
import { chance, faultBody, pickFault, seededRandom, type AtolFaultPlan, type AtolQueuedFault, type AtolRouteKind } from "./faults";
import { errorResponse, requestToken, type AtolResponse, type AtolRoute } from "./router";
import { ATOL_ROUTES } from "./routes";
import { ATOL_TEST_ACCOUNT, AtolState, type AtolAccount, type AtolCallbackLogEntry, type AtolRequestLogEntry } from "./state";

export const ATOL_BASE_PATH = "/possystem/v5";

export interface FakeAtolOptions {
  accounts?: AtolAccount[];
  clockShiftMs?: number;
  /** Extra routes (tried before the built-in ones). */
  routes?: AtolRoute[];
  /** wait → done after this many ms (default 100). */
  processingDelayMs?: number;
  /** Report interval below which a report counts as a rate violation (default 1000, ATOL's limit). */
  reportMinIntervalMs?: number;
  faults?: AtolFaultPlan;
  /** Seed for the fault rates (reproducible runs); Math.random when omitted. */
  seed?: number;
}

export interface FakeAtol {
  /** 'http://127.0.0.1:PORT/possystem/v5' */
  url: string;
  readonly tokensIssued: number;
  requests: AtolRequestLogEntry[];
  /** Documents by uuid; `documents.size` = distinct documents registered. */
  documents: Map<string, AtolDocument>;
  /** external_id → documents created for it (never > 1 per group). */
  registrations: Map<string, number>;
  /** external_id → accepted POSTs carrying it (first, duplicates, invalid). */
  submissions: Map<string, number>;
  callbacks: AtolCallbackLogEntry[];
  state: AtolState;
  /** Replaces the random fault plan (`{}` turns faults off). */
  setFaults(plan: AtolFaultPlan): void;
  /** One-shot fault for the next matching call. */
  injectFault(fault: AtolQueuedFault): void;
  /** Resolves when every callback sent so far has been answered or failed. */
  callbacksSettled(): Promise<void>;
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

function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function send(res: ServerResponse, out: AtolResponse): void {
  sendText(res, out.status, "application/json; charset=utf-8", JSON.stringify(out.body));
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function routeKind(sub: string): AtolRouteKind {
  if (sub === "/getToken") return "getToken";
  return /^\/[^/]+\/report\//.test(sub) ? "report" : "register";
}

export async function startFakeAtol(opts: FakeAtolOptions = {}): Promise<FakeAtol> {
  const state = new AtolState(opts.accounts ?? [ATOL_TEST_ACCOUNT], opts.clockShiftMs ?? 0);
  if (opts.processingDelayMs !== undefined) state.processingDelayMs = opts.processingDelayMs;
  if (opts.reportMinIntervalMs !== undefined) state.reportMinIntervalMs = opts.reportMinIntervalMs;
  if (opts.faults) state.faults = opts.faults;
  if (opts.seed !== undefined) state.random = seededRandom(opts.seed);
  const routes = [...(opts.routes ?? []), ...ATOL_ROUTES];
  const timers = new Set<NodeJS.Timeout>();
  const pendingCallbacks = new Set<Promise<void>>();
  let closed = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };

  // Callbacks: POST the report body to callback_url after done/fail (§1.4); failures are logged, not retried.
  state.onSettled = (doc) => {
    if (!doc.callbackUrl || closed) return;
    const entry: AtolCallbackLogEntry = { url: doc.callbackUrl, body: reportBody(state, doc) };
    state.callbacks.push(entry);
    if (chance(state, state.faults.callbackDropRate)) {
      entry.dropped = true;
      return;
    }
    const p = fetch(doc.callbackUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify(entry.body),
      signal: AbortSignal.timeout(5000),
    })
      .then(async (r) => {
        entry.status = r.status;
        await r.body?.cancel();
      })
      .catch((e: unknown) => {
        entry.error = e instanceof Error ? e.message : String(e);
      })
      .finally(() => pendingCallbacks.delete(p));
    pendingCallbacks.add(p);
  };
  state.onRegistered = (doc) => {
    // The timer is the processing delay: settle unconditionally (a timer may fire a millisecond "early" by Date.now(),
    // and a time check here once left a document waiting forever, with no callback).
    later(state.processingDelayMs, () => {
      if (settle(state, doc, true)) state.onSettled?.(doc);
    });
  };

  const route = async (req: IncomingMessage, url: URL, rawBody: string): Promise<AtolResponse> => {
    const sub = url.pathname.startsWith(`${ATOL_BASE_PATH}/`) ? url.pathname.slice(ATOL_BASE_PATH.length) : null;
    for (const r of routes) {
      if (sub === null || r.method !== req.method) continue;
      const match = r.path.exec(sub);
      if (!match) continue;
      try {
        return await r.handle({ state, req, url, match, rawBody });
      } catch (e) {
        if (!(e instanceof AtolHttpError)) throw e;
        return errorResponse(e, { state });
      }
    }
    return errorResponse(new AtolHttpError(404, 0, "Ресурс не найден"), { state });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://atol.invalid");
    const rawBody = await readBody(req);
    const token = requestToken(req, url);
    const entry: AtolRequestLogEntry = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.search.replace(/^\?/, ""),
      body: tryJson(rawBody),
      rawBody,
      contentType: req.headers["content-type"] ?? "",
      token,
    };
    state.requests.push(entry);
    const sub = url.pathname.startsWith(`${ATOL_BASE_PATH}/`) ? url.pathname.slice(ATOL_BASE_PATH.length) : "";
    const picked = pickFault(state, routeKind(sub), !!token);
    if (picked) entry.fault = String(picked.fault);
    if (picked?.fault === "expire_token") state.expireTokens();

    const strike = picked && picked.fault !== "expire_token" ? picked : undefined;
    if (strike?.phase === "after") await route(req, url, rawBody); // processed, answer lost
    if (strike?.fault === "timeout") {
      // Hold the request: the client's own timeout aborts it; the socket is destroyed after hangMs at the latest.
      const t = later(state.faults.hangMs ?? 30_000, () => res.socket?.destroy());
      res.on("close", () => {
        clearTimeout(t);
        timers.delete(t);
      });
      return;
    }
    if (strike) {
      const status = strike.fault as 500 | 502 | 503;
      const out = faultBody(status, state.timestamp());
      entry.status = status;
      sendText(res, status, out.contentType, out.text);
      return;
    }
    const out = await route(req, url, rawBody);
    entry.status = out.status;
    send(res, out);
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
    documents: state.documents,
    registrations: state.registrations,
    submissions: state.submissions,
    callbacks: state.callbacks,
    state,
    setFaults(plan) {
      state.faults = plan;
    },
    injectFault(fault) {
      state.injectFault(fault);
    },
    async callbacksSettled() {
      while (pendingCallbacks.size) await Promise.allSettled([...pendingCallbacks]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
