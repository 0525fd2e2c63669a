/**
 * Fake Orange Data Nebula API v2 (cloud-cashbox-providers.md §3.1) over HTTPS with mutual TLS.
 * - Client certificate requested and verified against the test CA; a missing or foreign one ⇒ 401 (empty body).
 *   `strictTls: true` refuses it in the handshake instead.
 * - `POST /api/v2/documents/` and `/api/v2/correction12/`: X-Signature (RSA-SHA256 over the raw body) checked with the
 *   public key registered for `key` ⇒ 400 `{"errors": [...]}` on mismatch; new id ⇒ 201 (empty); known id ⇒ 409;
 *   `queueFull()` ⇒ 503 + Retry-After.
 * - `GET /api/v2/{documents|correction12}/{inn}/status/{id}`: 202 while queued, 200 with the fiscal data after
 *   `processingDelayMs`, 524 for `expire(id)`, 400 for an unknown id.
 * - `GET /api/v2/` ⇒ "Nebula.Api v2".
 */
import { createVerify, randomInt } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { statusBody, validateContent } from "./documents";
import type { OrangePki } from "./pki";

export const ORANGE_TEST_INN = "7727401209";

export interface OrangeOrg {
  inn: string;
  /** Signing key name (`key` of documents) → public key PEM. */
  keys: Record<string, string>;
}

export type OrangeDocKind = "documents" | "correction12";

export interface OrangeDocument {
  kind: OrangeDocKind;
  id: string;
  inn: string;
  group: string;
  body: Record<string, unknown>;
  createdAtMs: number;
  expired: boolean;
  /** Fiscal numbers, fixed when it was registered. */
  documentNumber: number;
  fp: string;
  processedAtMs: number;
}

export interface OrangeRequestLogEntry {
  method: string;
  path: string;
  body: unknown;
  rawBody: string;
  signature?: string;
  /** Whether the TLS client certificate was presented and verified. */
  authorized: boolean;
  status?: number;
  fault?: string;
}

export type OrangeFault = "timeout" | 500 | 502 | 503;

export interface FakeOrangeOptions {
  pki: OrangePki;
  /** Default: the test-1 organisation 7727401209 with key "7727401209" = pki.signingPublicKey. */
  orgs?: OrangeOrg[];
  /** 202 → 200 after this long (ms), default 100. */
  processingDelayMs?: number;
  clockShiftMs?: number;
  /** Refuse a bad client certificate in the TLS handshake (no HTTP answer at all). */
  strictTls?: boolean;
  /** Longest a hung request is held (ms), default 30 000. */
  hangMs?: number;
}

export interface FakeOrange {
  /** 'https://127.0.0.1:PORT' */
  url: string;
  /** `${kind}/${inn}/${id}` → document; `documents.size` = distinct documents. */
  documents: Map<string, OrangeDocument>;
  /** id → documents created for it (never > 1 per organisation and kind). */
  registrations: Map<string, number>;
  requests: OrangeRequestLogEntry[];
  processingDelayMs: number;
  clockShiftMs: number;
  /** The next `times` POSTs answer 503 with `Retry-After: retryAfterSec`. */
  queueFull(times?: number, retryAfterSec?: number): void;
  /** Status of this id answers 524 "Document Expired Before Processing" (resend with a new id). */
  expire(id: string): void;
  /** One-shot fault for the next matching request; 'after' = processed, answer lost. */
  injectFault(f: { route?: "register" | "status" | "ping"; fault: OrangeFault; phase?: "before" | "after" }): void;
  close(): Promise<void>;
}

const errors = (status: number, ...messages: string[]) => ({ status, body: { errors: messages } });

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

export async function startFakeOrange(opts: FakeOrangeOptions): Promise<FakeOrange> {
  const orgs = opts.orgs ?? [{ inn: ORANGE_TEST_INN, keys: { [ORANGE_TEST_INN]: opts.pki.signingPublicKey } }];
  const documents = new Map<string, OrangeDocument>();
  const registrations = new Map<string, number>();
  const requests: OrangeRequestLogEntry[] = [];
  const faults: Array<{ route?: string; fault: OrangeFault; phase?: "before" | "after" }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let queueFull: { times: number; retryAfterSec: number } | undefined;
  let documentNumber = 1000;

  const fake: FakeOrange = {
    url: "",
    documents,
    registrations,
    requests,
    processingDelayMs: opts.processingDelayMs ?? 100,
    clockShiftMs: opts.clockShiftMs ?? 0,
    queueFull(times = 1, retryAfterSec = 2) {
      queueFull = { times, retryAfterSec };
    },
    expire(id) {
      for (const doc of documents.values()) if (doc.id === id) doc.expired = true;
    },
    injectFault(f) {
      faults.push(f);
    },
    close: async () => {},
  };

  function register(kind: OrangeDocKind, raw: Buffer, signature: string | undefined): Answer {
    if (queueFull && queueFull.times > 0) {
      queueFull.times -= 1;
      return { status: 503, headers: { "Retry-After": String(queueFull.retryAfterSec) } };
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return errors(400, "Некорректный JSON");
    }
    const { id, inn, group, key } = body as Record<string, unknown>;
    if (typeof id !== "string" || id.length < 1 || id.length > 64) return errors(400, "Поле id обязательно (1..64 символа)");
    const org = orgs.find((o) => o.inn === inn);
    if (!org) return errors(400, `Организация с ИНН ${String(inn)} не найдена`);
    const publicKey = typeof key === "string" ? org.keys[key] : undefined;
    if (!publicKey) return errors(400, `Ключ ${String(key)} не найден`);
    if (!signature || !createVerify("RSA-SHA256").update(raw).verify(publicKey, signature, "base64")) {
      return errors(400, "Неверная цифровая подпись запроса (X-Signature)");
    }
    if (typeof group !== "string" || !group) return errors(400, "Поле group обязательно");
    const problem = validateContent(kind, body.content);
    if (problem) return errors(400, problem);
    const docKey = `${kind}/${org.inn}/${id}`;
    if (documents.has(docKey)) return { status: 409 };
    documents.set(docKey, {
      kind,
      id,
      inn: org.inn,
      group,
      body,
      createdAtMs: Date.now(),
      expired: false,
      documentNumber: ++documentNumber,
      fp: String(randomInt(1_000_000_000, 4_000_000_000)),
      processedAtMs: 0,
    });
    registrations.set(id, (registrations.get(id) ?? 0) + 1);
    return { status: 201 };
  }

  function status(kind: OrangeDocKind, inn: string, id: string): Answer {
    const doc = documents.get(`${kind}/${inn}/${id}`);
    if (!doc) return errors(400, `Документ с id ${id} не найден`);
    if (doc.expired) return { status: 524, body: "Document Expired Before Processing" };
    if (Date.now() - doc.createdAtMs < fake.processingDelayMs) return { status: 202 };
    doc.processedAtMs ||= Date.now() + fake.clockShiftMs;
    return { status: 200, body: statusBody(doc) };
  }

  const route = (req: IncomingMessage, path: string, raw: Buffer): Answer => {
    if (req.method === "GET" && path === "/api/v2/") return { status: 200, body: "Nebula.Api v2" };
    const post = /^\/api\/v2\/(documents|correction12)\/$/.exec(path);
    if (req.method === "POST" && post) return register(post[1] as OrangeDocKind, raw, header(req, "x-signature"));
    const get = /^\/api\/v2\/(documents|correction12)\/([^/]+)\/status\/([^/]+)$/.exec(path);
    if (req.method === "GET" && get) return status(get[1] as OrangeDocKind, decodeURIComponent(get[2]!), decodeURIComponent(get[3]!));
    return { status: 404 };
  };

  const reply = (res: ServerResponse, entry: OrangeRequestLogEntry | undefined, a: Answer) => send(res, entry, a, fake.clockShiftMs);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "https://orange.invalid");
    const authorized = (req.socket as TLSSocket).authorized === true;
    const entry: OrangeRequestLogEntry = {
      method: req.method ?? "GET",
      path: url.pathname,
      body: tryJson(raw.toString("utf8")),
      rawBody: raw.toString("utf8"),
      signature: header(req, "x-signature"),
      authorized,
    };
    requests.push(entry);
    if (!authorized) return reply(res, entry, { status: 401 });
    const kind = req.method === "POST" ? "register" : url.pathname.includes("/status/") ? "status" : "ping";
    const i = faults.findIndex((f) => !f.route || f.route === kind);
    const fault = i >= 0 ? faults.splice(i, 1)[0] : undefined;
    if (fault) entry.fault = String(fault.fault);
    if (fault?.phase === "after") route(req, url.pathname, raw);
    if (fault?.fault === "timeout") {
      const t = setTimeout(() => res.socket?.destroy(), opts.hangMs ?? 30_000);
      timers.add(t);
      res.on("close", () => {
        clearTimeout(t);
        timers.delete(t);
      });
      return;
    }
    if (fault) return reply(res, entry, { status: fault.fault as number, body: "<html><body>Bad gateway</body></html>" });
    reply(res, entry, route(req, url.pathname, raw));
  };

  const server = createServer(
    {
      key: opts.pki.serverKey,
      cert: opts.pki.serverCert,
      ca: [opts.pki.caPem],
      requestCert: true,
      rejectUnauthorized: opts.strictTls ?? false,
    },
    (req, res) => {
      handle(req, res).catch(() => reply(res, undefined, { status: 500 }));
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  fake.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;

}

function send(res: ServerResponse, entry: OrangeRequestLogEntry | undefined, a: Answer, clockShiftMs: number): void {
  if (entry) entry.status = a.status;
  if (res.writableEnded || res.destroyed) return;
  const text = a.body === undefined ? "" : typeof a.body === "string" ? a.body : JSON.stringify(a.body);
  const type = typeof a.body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
  res.writeHead(a.status, {
    Date: new Date(Date.now() + clockShiftMs).toUTCString(),
    ...(text ? { "Content-Type": type } : {}),
    "Content-Length": Buffer.byteLength(text),
    ...a.headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
