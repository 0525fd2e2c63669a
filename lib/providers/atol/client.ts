import type { z } from "zod";
import type { ClockSample } from "../types";
import { parseMoscowTimestamp } from "./transform";
import { atolRegisterResponse, atolReportEnvelope, atolTokenResponse, type AtolRegisterResponse, type AtolReportEnvelope, type AtolTokenResponse } from "./schemas";

// Raw HTTP to ATOL Online v5 (and Evotor's clone of it): JSON over HTTPS, `Token:` header after getToken.
// No retries and no interpretation here — every answer is zod-parsed and handed to the adapter with the clock reading.

export const ATOL_HOSTS = {
  test: "https://testonline.atol.ru/possystem/v5",
  live: "https://online.atol.ru/possystem/v5",
} as const;

/** Per request, including reading the body (ms). */
export const ATOL_TIMEOUT_MS = 15_000;

const JSON_TYPE = "application/json; charset=utf-8";

export interface AtolHttpOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A parsed answer (any HTTP status: ATOL sends JSON on 400/401/500 too), or why there is none. */
export type AtolAnswer<T> =
  | { ok: true; status: number; body: T; raw: unknown; clock?: ClockSample }
  | { ok: false; failure: "timeout" | "network" | "garbage"; status?: number; detail: string };

export type AtolOperation = "sell" | "sell_refund" | "sell_correction" | "sell_refund_correction";

/** `POST /getToken` — issues a 24 h token. The answer's `timestamp` is ATOL's clock. */
export function requestAtolToken(baseUrl: string, creds: { login: string; pass: string }, opts: AtolHttpOptions = {}): Promise<AtolAnswer<AtolTokenResponse>> {
  return call(atolTokenResponse, `${trim(baseUrl)}/getToken`, { method: "POST", body: JSON.stringify({ ...creds, source: "b24-cloud-kassa" }) }, opts);
}

/** `POST /{group_code}/{operation}` with the document built by `toAtolDocument`. */
export function postAtolDocument(
  baseUrl: string,
  params: { token: string; groupCode: string; operation: AtolOperation; document: object },
  opts: AtolHttpOptions = {},
): Promise<AtolAnswer<AtolRegisterResponse>> {
  const url = `${trim(baseUrl)}/${encodeURIComponent(params.groupCode)}/${params.operation}`;
  return call(atolRegisterResponse, url, { method: "POST", token: params.token, body: JSON.stringify(params.document) }, opts);
}

/** `GET /{group_code}/report/{uuid}` — the caller keeps to ≤ 1 request per second per group. */
export function getAtolReport(
  baseUrl: string,
  params: { token: string; groupCode: string; uuid: string },
  opts: AtolHttpOptions = {},
): Promise<AtolAnswer<AtolReportEnvelope>> {
  const url = `${trim(baseUrl)}/${encodeURIComponent(params.groupCode)}/report/${encodeURIComponent(params.uuid)}`;
  return call(atolReportEnvelope, url, { method: "GET", token: params.token }, opts);
}

async function call<S extends z.ZodType>(
  schema: S,
  url: string,
  req: { method: "GET" | "POST"; token?: string; body?: string },
  opts: AtolHttpOptions,
): Promise<AtolAnswer<z.infer<S>>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (req.body !== undefined) headers["content-type"] = JSON_TYPE;
  if (req.token) headers.token = req.token;
  const sentAt = Date.now();
  let status: number;
  let text: string;
  try {
    const res = await (opts.fetch ?? fetch)(url, {
      method: req.method,
      headers,
      body: req.body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? ATOL_TIMEOUT_MS),
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    const timeout = name === "TimeoutError" || name === "AbortError";
    return { ok: false, failure: timeout ? "timeout" : "network", detail: err instanceof Error ? String(err.cause ?? err.message) : String(err) };
  }
  const receivedAt = Date.now();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, failure: "garbage", status, detail: text.slice(0, 200) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, failure: "garbage", status, detail: parsed.error.message.slice(0, 200) };
  const body = parsed.data as z.infer<S>;
  const remoteTime = parseMoscowTimestamp((body as { timestamp?: string | null }).timestamp ?? undefined);
  return { ok: true, status, body, raw, clock: remoteTime === undefined ? undefined : { remoteTime, sentAt, receivedAt } };
}

const trim = (baseUrl: string) => baseUrl.replace(/\/+$/, "");
