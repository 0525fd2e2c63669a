import { createHash } from "node:crypto";
import type { DomainReceipt } from "@/lib/receipts/types";
import type { CashboxProvider, ClockSample, ConnectionCheck, RegisterOutcome, ReportOutcome } from "../types";
import { ProviderError } from "../types";
import { getAtolReport, postAtolDocument, requestAtolToken, type AtolAnswer, type AtolHttpOptions } from "./client";
import type { AtolErrorBody } from "./schemas";
import { fromAtolReport, toAtolDocument } from "./transform";

// ATOL Online v5 behind CashboxProvider (cloud-cashbox-providers.md §1). Evotor speaks the same protocol on its own
// host and reuses this adapter with name 'evotor'. The rule that matters: only an answer that says so is a rejection —
// 5xx, timeouts, network errors and unreadable bodies are `unknown`, and the caller asks again with the same external_id.

export interface AtolCredentials {
  login: string;
  password: string;
  groupCode: string;
}

export interface AtolProviderConfig {
  baseUrl: string;
  credentials: AtolCredentials;
  /** 'evotor' for Evotor's ATOL connector (same protocol, own host). */
  name?: "atol" | "evotor";
  /** Per HTTP request (ms), default 15 s. */
  timeoutMs?: number;
  /** Spacing of report requests per group (ms). ATOL allows ≤ 1 per second per ККТ (§1.7); default 1000. */
  reportIntervalMs?: number;
  fetch?: typeof fetch;
}

/** ATOL tokens live 24 h (§1.1); we reuse one for 23 h and refresh early on 10/11. */
const TOKEN_TTL_MS = 23 * 60 * 60 * 1000;
/** A uuid no document has: a report for it proves the token and group without touching a receipt. */
const PROBE_UUID = "00000000-0000-4000-8000-000000000000";

const LABELS = { atol: "АТОЛ Онлайн", evotor: "Эвотор" } as const;

const tokenCache = new Map<string, { token: string; expiresAt: number }>();
const tokenInflight = new Map<string, Promise<TokenResult>>();
const nextReportAt = new Map<string, number>();

/** Forgets cached tokens and report slots (tests; a process restart does the same). */
export function clearAtolTokenCache(): void {
  tokenCache.clear();
  tokenInflight.clear();
  nextReportAt.clear();
}

type TokenResult = { ok: true; token: string; clock?: ClockSample } | { ok: false; config: boolean; code?: number; message: string };

/** Service error codes that mean "fix the settings" (§1.5). */
const CONFIG_CODES: Record<number, string> = {
  12: "Неверный логин или пароль",
  14: "Пользователь заблокирован — обратитесь в поддержку провайдера",
  20: "Код группы не соответствует логину",
  21: "Группа касс не поддерживает протокол v5 (ФФД 1.2)",
};
/** Codes that mean our request itself was refused before anything was stored. */
const REQUEST_CODES = new Set([13, 31, 40, 41]);
const TOKEN_CODES = new Set([10, 11]);

export function atolProvider(config: AtolProviderConfig): CashboxProvider {
  const name = config.name ?? "atol";
  const label = LABELS[name];
  const { login, password, groupCode } = config.credentials;
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  const http: AtolHttpOptions = { timeoutMs: config.timeoutMs, fetch: config.fetch };
  // The password is part of the key: a profile with someone else's login and a wrong password must not borrow their token.
  const cacheKey = createHash("sha256").update(`${baseUrl}\n${login}\n${password}`).digest("hex");
  const reportKey = `${baseUrl}\n${groupCode}`;
  const reportIntervalMs = config.reportIntervalMs ?? 1000;

  const garbage = (status?: number) => `${label} вернул непонятный ответ${status ? ` (HTTP ${status})` : ""}`;
  const transportMessage = (a: Extract<AtolAnswer<unknown>, { ok: false }>) =>
    a.failure === "timeout" ? `${label} не ответил вовремя` : a.failure === "network" ? `Не удалось связаться с ${label}` : garbage(a.status);
  const unavailable = (status: number) => `Сервис ${label} временно недоступен (HTTP ${status})`;
  const describe = (e: AtolErrorBody) => `${label}: ошибка ${e.code}${e.text ? ` — ${e.text}` : ""}`;

  async function fetchToken(): Promise<TokenResult> {
    const a = await requestAtolToken(baseUrl, { login, pass: password }, http);
    if (!a.ok) return { ok: false, config: false, message: transportMessage(a) };
    if (a.status >= 500) return { ok: false, config: false, message: unavailable(a.status) };
    const code = a.body.error?.code;
    if (code !== undefined && CONFIG_CODES[code]) return { ok: false, config: true, code, message: CONFIG_CODES[code] };
    if (a.body.error || !a.body.token) return { ok: false, config: false, code, message: a.body.error ? describe(a.body.error) : garbage(a.status) };
    tokenCache.set(cacheKey, { token: a.body.token, expiresAt: Date.now() + TOKEN_TTL_MS });
    return { ok: true, token: a.body.token, clock: a.clock };
  }

  /** The cached token, or one fresh getToken shared by every concurrent caller. */
  function token(fresh = false): Promise<TokenResult> {
    const cached = tokenCache.get(cacheKey);
    if (!fresh && cached && cached.expiresAt > Date.now()) return Promise.resolve({ ok: true, token: cached.token });
    const pending = tokenInflight.get(cacheKey);
    if (pending) return pending;
    const p = fetchToken().finally(() => tokenInflight.delete(cacheKey));
    tokenInflight.set(cacheKey, p);
    return p;
  }

  /** Drops `used` from the cache (unless someone already replaced it) and gets a new one. */
  function refreshToken(used: string): Promise<TokenResult> {
    if (tokenCache.get(cacheKey)?.token === used) tokenCache.delete(cacheKey);
    return token();
  }

  /** Runs `send` with a token; on 10/11 refreshes the token once and sends again. */
  async function withToken<B extends { error?: AtolErrorBody | null }>(
    send: (token: string) => Promise<AtolAnswer<B>>,
  ): Promise<{ token: Extract<TokenResult, { ok: false }>; answer?: undefined } | { token?: undefined; answer: AtolAnswer<B> }> {
    let t = await token();
    if (!t.ok) return { token: t };
    let answer = await send(t.token);
    if (answer.ok && TOKEN_CODES.has(answer.body.error?.code ?? -1)) {
      t = await refreshToken(t.token);
      if (!t.ok) return { token: t };
      answer = await send(t.token);
    }
    return { answer };
  }

  /** Keeps report requests of one group ≥ reportIntervalMs apart (in this process). */
  async function reportSlot(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, nextReportAt.get(reportKey) ?? 0);
    nextReportAt.set(reportKey, at + reportIntervalMs);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }

  const report = (uuid: string) =>
    withToken(async (t) => {
      await reportSlot();
      return getAtolReport(baseUrl, { token: t, groupCode, uuid }, http);
    });

  return {
    name,

    async testConnection(): Promise<ConnectionCheck> {
      const t = await token(true);
      if (!t.ok) return { ok: false, message: t.message };
      // The token proves login and password; a report for an unknown uuid proves the group (20/21 otherwise).
      const probe = await report(PROBE_UUID);
      const code = probe.answer?.ok ? probe.answer.body.error?.code : undefined;
      if (code !== undefined && CONFIG_CODES[code]) return { ok: false, message: CONFIG_CODES[code] };
      return { ok: true, message: `Подключение к ${label} работает`, clock: t.clock };
    },

    async register(receipt: DomainReceipt, params): Promise<RegisterOutcome> {
      let document: object;
      try {
        document = toAtolDocument(receipt, { externalId: params.externalId, callbackUrl: params.callbackUrl, now: params.now });
      } catch (err) {
        // Nothing was sent: a receipt we cannot express is a rejection, not a retry.
        return { kind: "rejected", message: `Чек не удалось подготовить для ${label}: ${(err as Error).message}`, configError: false, newIdNeeded: false };
      }
      const r = await withToken((t) => postAtolDocument(baseUrl, { token: t, groupCode, operation: receipt.operation, document }, http));
      if (r.token) {
        return r.token.config
          ? { kind: "rejected", message: r.token.message, code: String(r.token.code), configError: true, newIdNeeded: false }
          : { kind: "unknown", message: r.token.message };
      }
      const a = r.answer;
      if (!a.ok) return { kind: "unknown", message: transportMessage(a) };
      if (a.status >= 500) return { kind: "unknown", message: unavailable(a.status) };
      const { uuid, error } = a.body;
      // 33: the external_id is known — adopt its uuid (§1.6). 34 is a report state but harmless here.
      if (uuid && (!error || error.code === 33 || error.code === 34)) return { kind: "accepted", providerUuid: uuid, clock: a.clock };
      if (!error) return { kind: "unknown", message: garbage(a.status) };
      const code = String(error.code);
      if (CONFIG_CODES[error.code]) return { kind: "rejected", message: CONFIG_CODES[error.code]!, code, configError: true, newIdNeeded: false };
      if (error.code === 32) {
        return { kind: "rejected", message: `${label} отклонил чек: ${error.text ?? "ошибка валидации"}`, code, configError: false, newIdNeeded: false };
      }
      if (REQUEST_CODES.has(error.code)) return { kind: "rejected", message: describe(error), code, configError: false, newIdNeeded: false };
      // 10/11 after a fresh token, 0/1/50, 33 without a uuid, anything new: it may exist — ask again with the same id.
      return { kind: "unknown", message: describe(error) };
    },

    async report(ref): Promise<ReportOutcome> {
      // ATOL reports by uuid only. Without one, re-registering with the same external_id is safe: 33 hands back the uuid.
      if (!ref.providerUuid) return { kind: "not_found" };
      const r = await report(ref.providerUuid);
      if (r.token) return { kind: "unknown", message: r.token.message };
      const a = r.answer;
      if (!a.ok) return { kind: "unknown", message: transportMessage(a) };
      if (a.status >= 500) return { kind: "unknown", message: unavailable(a.status) };
      const code = a.body.error?.code;
      if (code === 30) return { kind: "not_found" };
      if (code === 34 || a.body.status === "wait") return { kind: "pending" };
      if (code !== undefined && a.body.status !== "done" && a.body.status !== "fail") {
        return { kind: "unknown", message: CONFIG_CODES[code] ?? describe(a.body.error!) };
      }
      const outcome = fromAtolReport(a.raw);
      return outcome.kind === "done" && a.clock ? { ...outcome, clock: a.clock } : outcome;
    },

    async readClock(): Promise<ClockSample> {
      // With a cached token a probe report reads the clock without issuing tokens (ATOL asks to keep them few).
      if (tokenCache.has(cacheKey)) {
        const r = await report(PROBE_UUID);
        if (r.answer?.ok && r.answer.clock) return r.answer.clock;
      }
      const t = await token(true);
      if (t.ok && t.clock) return t.clock;
      throw new ProviderError(t.ok ? "unknown" : t.config ? "config" : "unavailable", t.ok ? `${label} не сообщил время` : t.message);
    },
  };
}
