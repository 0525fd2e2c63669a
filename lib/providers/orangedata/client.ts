import { createPrivateKey, createPublicKey, createSign, createVerify } from "node:crypto";
import { Agent, request, type AgentOptions } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { ClockSample } from "../types";

// Raw HTTPS to Orange Data Nebula API v2: mutual TLS with the client certificate, and `X-Signature` =
// base64(RSA-SHA256, PKCS#1 v1.5) over the exact UTF-8 bytes of the body we send (cloud-cashbox-providers.md §3.1).
// node:https rather than fetch: fetch has no client certificates without undici's dispatcher.

export const ORANGE_HOSTS = {
  /** test-1: device emulators, free (INN/key 7727401209). */
  test: "https://apip.orangedata.ru:2443",
  live: "https://api.orangedata.ru:12003",
} as const;

export const ORANGE_TIMEOUT_MS = 15_000;

export interface OrangeTls {
  /** PEM; empty = no client certificate (Orange answers 401). */
  clientCert?: string;
  clientKey?: string;
  /** Extra trusted CA (PEM) replacing Node's default store — for tests; production uses the default store. */
  ca?: string;
}

export type OrangeAnswer =
  | { ok: true; status: number; headers: IncomingHttpHeaders; text: string; json: unknown; clock?: ClockSample }
  | { ok: false; failure: "timeout" | "network" | "tls"; code?: string; detail: string };

export function createOrangeAgent(tls: OrangeTls): Agent {
  const options: AgentOptions = { keepAlive: false };
  if (tls.clientCert) options.cert = tls.clientCert;
  if (tls.clientKey) options.key = tls.clientKey;
  if (tls.ca) options.ca = tls.ca;
  return new Agent(options);
}

/** base64 RSA-SHA256 (PKCS#1 v1.5) of the UTF-8 body — the `X-Signature` header. */
export function signOrangeBody(body: string, signingKeyPem: string): string {
  return createSign("RSA-SHA256").update(Buffer.from(body, "utf8")).sign(createPrivateKey(signingKeyPem), "base64");
}

/** Verifies a signature with the public half of the signing key (the self-check of testConnection). */
export function verifyOrangeSignature(body: string, signature: string, keyPem: string): boolean {
  return createVerify("RSA-SHA256").update(Buffer.from(body, "utf8")).verify(createPublicKey(keyPem), signature, "base64");
}

export function orangeRequest(
  agent: Agent,
  baseUrl: string,
  req: { method: "GET" | "POST"; path: string; body?: string; signature?: string },
  timeoutMs = ORANGE_TIMEOUT_MS,
): Promise<OrangeAnswer> {
  const url = new URL(req.path, `${baseUrl.replace(/\/+$/, "")}/`);
  const headers: Record<string, string | number> = { accept: "application/json" };
  const payload = req.body === undefined ? undefined : Buffer.from(req.body, "utf8");
  if (payload) {
    headers["content-type"] = "application/json; charset=utf-8";
    headers["content-length"] = payload.length;
  }
  if (req.signature) headers["x-signature"] = req.signature;
  const sentAt = Date.now();
  return new Promise<OrangeAnswer>((resolve) => {
    const r = request(url, { method: req.method, agent, headers, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err) => resolve(failure(err)));
      res.on("end", () => {
        const receivedAt = Date.now();
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = null;
        }
        const remoteTime = res.headers.date ? Date.parse(res.headers.date) : NaN;
        const clock = Number.isFinite(remoteTime) ? { remoteTime, sentAt, receivedAt } : undefined;
        resolve({ ok: true, status: res.statusCode ?? 0, headers: res.headers, text, json, clock });
      });
    });
    r.on("error", (err) => resolve(failure(err)));
    r.end(payload);
  });
}

function failure(err: Error & { code?: string }): OrangeAnswer {
  const code = err.code;
  if (err.name === "TimeoutError" || err.name === "AbortError" || code === "ABORT_ERR") return { ok: false, failure: "timeout", code, detail: err.message };
  const tls = /CERT|SSL|TLS|ERR_OSSL/i.test(code ?? "") || /certificate|handshake|ssl|tls/i.test(err.message);
  return { ok: false, failure: tls ? "tls" : "network", code, detail: err.message };
}
