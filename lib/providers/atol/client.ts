import { z } from "zod";
import { ProviderError } from "../types";
import { atolError } from "./errors";

// Raw HTTP to ATOL Online v5: JSON over HTTPS, `Token:` header after getToken. Every answer is zod-parsed.

export const ATOL_HOSTS = {
  test: "https://testonline.atol.ru/possystem/v5",
  live: "https://online.atol.ru/possystem/v5",
} as const;

const TIMEOUT_MS = 15_000;

const errorSchema = z.object({ code: z.coerce.number().optional(), text: z.string().optional(), type: z.string().optional() }).nullish();
const tokenResponse = z.object({ token: z.string().nullish(), error: errorSchema, timestamp: z.string().optional() });

export interface AtolToken {
  token: string;
  /** ATOL's `timestamp` (Moscow time, dd.mm.yyyy HH:MM:SS) as unix ms, when present. */
  serverTime?: number;
  /** When we asked and when we heard back (unix ms), for clock-offset estimation. */
  sentAt: number;
  receivedAt: number;
}

export async function getAtolToken(baseUrl: string, login: string, pass: string, fetchImpl: typeof fetch = fetch): Promise<AtolToken> {
  const sentAt = Date.now();
  let res: Response;
  try {
    res = await fetchImpl(`${baseUrl.replace(/\/+$/, "")}/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ login, pass, source: "b24-cloud-kassa" }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const timeout = err instanceof Error && err.name === "TimeoutError";
    throw new ProviderError("unavailable", timeout ? "АТОЛ не ответил вовремя" : "Не удалось связаться с АТОЛ");
  }
  const receivedAt = Date.now();
  const parsed = tokenResponse.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new ProviderError(res.status >= 500 ? "unavailable" : "unknown", `АТОЛ вернул непонятный ответ (HTTP ${res.status})`);
  const body = parsed.data;
  if (body.error || !body.token) throw atolError(body.error, res.status);
  return { token: body.token, serverTime: parseMoscowTimestamp(body.timestamp), sentAt, receivedAt };
}

/** ATOL timestamps are naive Moscow time (UTC+3, no DST since 2014). */
export function parseMoscowTimestamp(value: string | undefined): number | undefined {
  const m = value?.match(/^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/);
  if (!m) return undefined;
  const [, dd, mm, yyyy, hh, mi, ss] = m.map(Number) as number[];
  return Date.UTC(yyyy!, mm! - 1, dd!, hh! - 3, mi!, ss!);
}
