import { createPrivateKey, X509Certificate } from "node:crypto";
import type { Agent } from "node:https";
import type { DomainReceipt } from "@/lib/receipts/types";
import type { CashboxProvider, ClockSample, ConnectionCheck, RegisterOutcome, ReportOutcome } from "../types";
import { ProviderError } from "../types";
import { createOrangeAgent, orangeRequest, signOrangeBody, verifyOrangeSignature, type OrangeAnswer } from "./client";
import { httpMessage, isClientCertRejection, isSignatureError, ORANGE_MESSAGES, transportMessage } from "./errors";
import { orangeErrorsBody, pingBody, retryAfterHeader } from "./schemas";
import { fromOrangeStatus, toOrangeDocument } from "./transform";

// Orange Data (Nebula API v2) behind CashboxProvider (cloud-cashbox-providers.md §3.1). Our external id is Orange's
// document `id` (unique per organisation), so it is also the provider uuid; 409 means "already there" and is adopted.
// As with ATOL, only an answer that says so is a rejection: 5xx, timeouts and network errors are `unknown`.

export interface OrangeCredentials {
  /** Organisation INN (the `inn` of documents and status URLs). */
  inn: string;
  /** Cash-register group, e.g. "Main_2" for FFD 1.2. */
  group: string;
  /** Signing key name registered at Orange; defaults to the INN. */
  key?: string;
  /** Client certificate and its key (PEM) for mutual TLS. */
  clientCert: string;
  clientKey: string;
  /** Private RSA key (PEM) whose public half is registered at Orange, for `X-Signature`. */
  signingKey: string;
}

export interface OrangeProviderConfig extends OrangeCredentials {
  baseUrl: string;
  /** Trusted CA (PEM) instead of Node's default store — tests only. */
  ca?: string;
  /** Per request (ms), default 15 s. */
  timeoutMs?: number;
}

const isCorrection = (op: DomainReceipt["operation"]) => op === "sell_correction" || op === "sell_refund_correction";

export function orangeProvider(config: OrangeProviderConfig): CashboxProvider {
  const key = config.key || config.inn;
  let agent: Agent | undefined;
  const http = (req: Parameters<typeof orangeRequest>[2]) => {
    agent ??= createOrangeAgent({ clientCert: config.clientCert, clientKey: config.clientKey, ca: config.ca });
    return orangeRequest(agent, config.baseUrl, req, config.timeoutMs);
  };
  const retryAfterMs = (a: Extract<OrangeAnswer, { ok: true }>) => {
    const parsed = retryAfterHeader.safeParse(a.headers["retry-after"]);
    return parsed.success ? parsed.data : undefined;
  };
  const errorsOf = (a: Extract<OrangeAnswer, { ok: true }>) => {
    const parsed = orangeErrorsBody.safeParse(a.json);
    return parsed.success ? parsed.data.errors : a.text ? [a.text.slice(0, 300)] : [];
  };

  /** Local checks of the PEM material; a Russian reason when something can't work. Nothing is sent. */
  function materialProblem(): string | undefined {
    let cert: X509Certificate | undefined;
    if (config.clientCert) {
      try {
        cert = new X509Certificate(config.clientCert);
      } catch {
        return ORANGE_MESSAGES.badCertPem;
      }
    }
    if (config.clientKey) {
      try {
        const clientKey = createPrivateKey(config.clientKey);
        if (cert && !cert.checkPrivateKey(clientKey)) return ORANGE_MESSAGES.keyMismatch;
      } catch {
        return ORANGE_MESSAGES.badKeyPem;
      }
    }
    try {
      if (createPrivateKey(config.signingKey).asymmetricKeyType !== "rsa") return ORANGE_MESSAGES.badSigningKey;
    } catch {
      return ORANGE_MESSAGES.badSigningKey;
    }
    return undefined;
  }

  function ping() {
    return http({ method: "GET", path: "/api/v2/" });
  }

  return {
    name: "orangedata",

    async testConnection(): Promise<ConnectionCheck> {
      const problem = materialProblem();
      if (problem) return { ok: false, message: problem };
      const probe = `b24-cloud-kassa ${Date.now()}`;
      if (!verifyOrangeSignature(probe, signOrangeBody(probe, config.signingKey), config.signingKey)) return { ok: false, message: ORANGE_MESSAGES.signatureSelfCheck };
      const a = await ping();
      if (!a.ok) return { ok: false, message: transportMessage(a) };
      if (a.status === 200 && pingBody.safeParse(a.text).success) return { ok: true, message: ORANGE_MESSAGES.ok, clock: a.clock };
      return { ok: false, message: a.status === 200 ? "Orange Data ответил неожиданно — проверьте адрес сервиса" : httpMessage(a.status) };
    },

    async register(receipt: DomainReceipt, params): Promise<RegisterOutcome> {
      const problem = materialProblem();
      if (problem) return { kind: "rejected", message: problem, configError: true, newIdNeeded: false };
      const id = params.externalId;
      let body: string;
      try {
        body = JSON.stringify(toOrangeDocument(receipt, { id, inn: config.inn, group: config.group, key, callbackUrl: params.callbackUrl }));
      } catch (err) {
        return { kind: "rejected", message: `Чек не удалось подготовить для Orange Data: ${(err as Error).message}`, configError: false, newIdNeeded: false };
      }
      const path = isCorrection(receipt.operation) ? "/api/v2/correction12/" : "/api/v2/documents/";
      const a = await http({ method: "POST", path, body, signature: signOrangeBody(body, config.signingKey) });
      if (!a.ok) {
        // A refused client certificate ends the handshake: nothing reached Orange.
        if (isClientCertRejection(a)) return { kind: "rejected", message: ORANGE_MESSAGES.clientCert, configError: true, newIdNeeded: false };
        return { kind: "unknown", message: transportMessage(a) };
      }
      if (a.status === 201 || a.status === 409) return { kind: "accepted", providerUuid: id, clock: a.clock };
      if (a.status === 400) {
        const errors = errorsOf(a);
        const text = errors.join("; ") || "ошибка в документе";
        return { kind: "rejected", message: `Orange Data отклонил чек: ${text}`, code: "400", configError: isSignatureError(errors), newIdNeeded: false };
      }
      if (a.status === 401 || a.status === 403) return { kind: "rejected", message: httpMessage(a.status), code: String(a.status), configError: true, newIdNeeded: false };
      if (a.status === 413) return { kind: "rejected", message: "Чек слишком большой для Orange Data", code: "413", configError: false, newIdNeeded: false };
      return { kind: "unknown", message: httpMessage(a.status, a.status < 500 ? errorsOf(a) : []), retryAfterMs: a.status === 503 ? retryAfterMs(a) : undefined };
    },

    async report(ref): Promise<ReportOutcome> {
      const kind = isCorrection(ref.operation) ? "correction12" : "documents";
      const a = await http({ method: "GET", path: `/api/v2/${kind}/${encodeURIComponent(config.inn)}/status/${encodeURIComponent(ref.externalId)}` });
      if (!a.ok) return { kind: "unknown", message: transportMessage(a) };
      if (a.status === 401 || a.status === 403 || (a.status >= 500 && a.status !== 524)) {
        return { kind: "unknown", message: httpMessage(a.status), retryAfterMs: a.status === 503 ? retryAfterMs(a) : undefined };
      }
      const outcome = fromOrangeStatus(a.status, a.json ?? (a.text || null));
      return outcome.kind === "done" && a.clock ? { ...outcome, clock: a.clock } : outcome;
    },

    async readClock(): Promise<ClockSample> {
      // Orange bodies carry no server time; the HTTP Date header (whole seconds, UTC) of the ping does.
      const a = await ping();
      if (!a.ok) throw new ProviderError(a.failure === "tls" ? "config" : "unavailable", transportMessage(a));
      if (!a.clock) throw new ProviderError("unknown", "Orange Data не сообщил время (нет заголовка Date)");
      return a.clock;
    },
  };
}
