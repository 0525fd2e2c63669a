import { AjaxError, ApiVersion, B24OAuth, EnumAppStatus, type B24OAuth as B24OAuthType } from "@bitrix24/b24jssdk";
import type { Db } from "@/lib/db/client";
import { addRestCall } from "@/lib/db/queries/portals";
import type { Portal } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";
import { log, redact } from "@/lib/log";
import { clientEndpoint, serverEndpoint, type PortalProtocol } from "./endpoints";
import { oauthParams, refreshPortalTokens } from "./token-refresh";

/** A REST call that hangs this long is given up (the SDK default is 30 s × 3 attempts). */
const REST_TIMEOUT_MS = 10_000;

export class BitrixRestError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(`${method}: ${code} ${message}`);
  }
}

export type BatchResult = { ok: true; result: unknown } | { ok: false; code: string; message: string };

/** The `time` block of a REST answer: when the portal started and finished the call, unix seconds with microseconds. */
export interface RestTime {
  start: number;
  finish: number;
}

export interface RestClient {
  call<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Like call(), with the answer's `time` block (the portal's own clock, for clock-offset measurement). */
  timed<T = unknown>(method: string, params?: Record<string, unknown>): Promise<{ result: T; time: RestTime | null }>;
  /** One `batch` request (≤ 50 commands); each command's own success or error, by key. Never halts on an error. */
  batch(calls: Record<string, { method: string; params: Record<string, unknown> }>): Promise<Record<string, BatchResult>>;
}

/**
 * REST client for the portal's stored (installing admin's) tokens. Refreshes go through refreshPortalTokens,
 * so any number of instances can refresh at once without losing the rotated refresh token.
 * Every call is logged to rest_calls with redacted parameters.
 */
export function portalRest(db: Db, portal: Portal): RestClient {
  const b24 = new B24OAuth(oauthParams(portal), { clientId: env().B24_CLIENT_ID, clientSecret: env().B24_CLIENT_SECRET });
  let version = portal.tokenVersion;
  b24.setCustomRefreshAuth(async () => {
    const result = await refreshPortalTokens(db, portal.id, version);
    version = result.version;
    return result.auth;
  });
  return restClient(b24, async (method, params, ok, durationMs, err) => {
    await addRestCall(db, {
      portalId: portal.id,
      method,
      params: redact(params),
      ok,
      errorCode: err?.code ?? null,
      status: err?.status ?? null,
      durationMs,
    }).catch((e) => log.warn("rest log write failed", { error: e }));
  });
}

/**
 * REST client for a user's frame token (AUTH_ID). It never refreshes: a frame token is only used to learn who the
 * user is, right after Bitrix24 issued it.
 */
export function userRest(address: { domain: string; protocol: PortalProtocol }, memberId: string, accessToken: string): RestClient {
  const b24 = new B24OAuth(
    {
      applicationToken: "",
      userId: 0,
      memberId,
      accessToken,
      refreshToken: "",
      expires: Math.floor(Date.now() / 1000) + 600,
      expiresIn: 600,
      scope: "",
      domain: address.domain,
      clientEndpoint: clientEndpoint(address),
      serverEndpoint: serverEndpoint(),
      status: EnumAppStatus.Free,
    },
    { clientId: env().B24_CLIENT_ID, clientSecret: env().B24_CLIENT_SECRET },
  );
  b24.setCustomRefreshAuth(async () => {
    throw new AppError("unauthorized", "Сессия Битрикс24 истекла");
  });
  return restClient(b24);
}

type CallLogger = (method: string, params: unknown, ok: boolean, durationMs: number, err?: { code: string; status: number }) => Promise<void>;

function restClient(b24: B24OAuthType, onCall?: CallLogger): RestClient {
  b24.getHttpClient(ApiVersion.v2).ajaxClient.defaults.timeout = REST_TIMEOUT_MS;
  async function timed<T>(method: string, params: Record<string, unknown> = {}): Promise<{ result: T; time: RestTime | null }> {
    const started = Date.now();
    try {
      const res = await b24.actions.v2.call.make<T>({ method, params });
      if (!res.isSuccess) {
        const first = res.getErrors().next().value as { code?: string; status?: number } | undefined;
        throw new BitrixRestError(method, String(first?.code ?? "ERROR"), first?.status ?? 400, res.getErrorMessages().join("; "));
      }
      await onCall?.(method, params, true, Date.now() - started);
      const data = res.getData()!;
      return { result: data.result as T, time: restTime(data.time) };
    } catch (err) {
      const e = toRestError(method, err);
      await onCall?.(method, params, false, Date.now() - started, e);
      throw e;
    }
  }
  return {
    timed,
    async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      return (await timed<T>(method, params)).result;
    },
    async batch(calls) {
      const started = Date.now();
      const methods = [...new Set(Object.values(calls).map((c) => c.method))].join(",");
      try {
        const res = await b24.actions.v2.batch.make({ calls, options: { isHaltOnError: false, returnAjaxResult: true } });
        const data = (res.getData() ?? {}) as Record<string, { isSuccess: boolean; getData(): { result: unknown } | null; getErrors(): IterableIterator<unknown>; getErrorMessages(): string[] }>;
        const out: Record<string, BatchResult> = {};
        for (const key of Object.keys(calls)) {
          const r = data[key];
          if (r?.isSuccess) out[key] = { ok: true, result: r.getData()?.result };
          else {
            const first = r ? (r.getErrors().next().value as { code?: string } | undefined) : undefined;
            out[key] = { ok: false, code: String(first?.code ?? "NO_RESULT"), message: r?.getErrorMessages().join("; ") ?? "no result in the batch answer" };
          }
        }
        await onCall?.(`batch:${methods}`, { commands: Object.keys(calls).length }, true, Date.now() - started);
        return out;
      } catch (err) {
        const e = toRestError("batch", err);
        await onCall?.(`batch:${methods}`, { commands: Object.keys(calls).length }, false, Date.now() - started, e);
        throw e;
      }
    },
  };
}

function restTime(time: unknown): RestTime | null {
  const t = time as { start?: unknown; finish?: unknown } | null | undefined;
  return typeof t?.start === "number" && typeof t.finish === "number" && Number.isFinite(t.start) && Number.isFinite(t.finish) ? { start: t.start, finish: t.finish } : null;
}

function toRestError(method: string, err: unknown): BitrixRestError | AppError {
  if (err instanceof BitrixRestError || err instanceof AppError) return err;
  // A failure inside our refresh callback reaches us wrapped by the SDK; unwrap it so callers see the AppError.
  const inner = (err as { originalError?: unknown } | null)?.originalError;
  if (inner instanceof AppError) return inner;
  if (err instanceof AjaxError) return new BitrixRestError(method, err.code, err.status, err.message);
  return new BitrixRestError(method, "UNKNOWN", 0, err instanceof Error ? err.message : String(err));
}
