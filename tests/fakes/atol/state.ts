/** Mutable state of the fake ATOL Online v5 server: accounts, tokens, documents, counters, request log, clock. */
import { randomBytes } from "node:crypto";
import { QUEUE_TIMEOUT, settle, type AtolDocument, type AtolErrorType } from "./documents";
import type { AtolFaultPlan, AtolQueuedFault } from "./faults";
import { atolTimestamp } from "./time";

export interface AtolAccount {
  login: string;
  pass: string;
  groupCodes: string[];
  blocked?: boolean;
}

export interface AtolRequestLogEntry {
  method: string;
  /** Path under the server root, e.g. '/possystem/v5/getToken'. */
  path: string;
  query: string;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  rawBody: string;
  contentType: string;
  token: string | undefined;
  /** HTTP status sent back; undefined while pending or when the answer was dropped (hang). */
  status?: number;
  /** The injected fault, if any ('timeout', 500, 'expire_token'…). */
  fault?: string;
}

export interface AtolCallbackLogEntry {
  url: string;
  body: unknown;
  /** HTTP status of our POST, or undefined when it failed or was dropped. */
  status?: number;
  dropped?: boolean;
  error?: string;
}

export interface AtolTokenRecord {
  login: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

/** Public ATOL v5 sandbox credentials (cloud-cashbox-providers.md §1.8). */
export const ATOL_TEST_ACCOUNT: AtolAccount = {
  login: "v5-online-atol-ru",
  pass: "zUr0OxfI",
  groupCodes: ["v5-online-atol-ru_5179"],
};

/** Token lifetime: 24 h from issue (§1.1). */
export const ATOL_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export class AtolState {
  readonly tokens = new Map<string, AtolTokenRecord>();
  readonly requests: AtolRequestLogEntry[] = [];
  tokensIssued = 0;

  /** Every document ever registered, by uuid (`documents.size` = distinct documents). */
  readonly documents = new Map<string, AtolDocument>();
  /** `${group_code}\n${external_id}` → uuid: ATOL's idempotency index (§1.6). */
  readonly byExternalId = new Map<string, string>();
  /** external_id → documents created for it (summed over groups). Must never exceed 1 per group. */
  readonly registrations = new Map<string, number>();
  /** external_id → POSTs carrying it that passed auth (new, duplicate 33 or validation 32). */
  readonly submissions = new Map<string, number>();
  readonly callbacks: AtolCallbackLogEntry[] = [];
  /** Report requests for a group that came sooner than `reportMinIntervalMs` after the previous one. */
  reportRateViolations = 0;
  readonly lastReportAt = new Map<string, number>();

  /** wait → done after this long (real ms, not shifted by the clock). */
  processingDelayMs = 100;
  /** ATOL's report limit, used only to count violations. */
  reportMinIntervalMs = 1000;
  faults: AtolFaultPlan = {};
  readonly queuedFaults: AtolQueuedFault[] = [];
  nextFiscalDocumentNumber = 132_896;
  nextFiscalReceiptNumber = 425;
  /** Pseudo-random source for the fault rates (seeded by the server). */
  random: () => number = Math.random;

  /** Set by the server: schedules the wait → done transition of a new document. */
  onRegistered?: (doc: AtolDocument) => void;
  /** Set by the server: delivers the callback of a document that just became done/fail. */
  onSettled?: (doc: AtolDocument) => void;

  constructor(
    readonly accounts: AtolAccount[],
    public clockShiftMs: number,
  ) {}

  nowMs(): number {
    return Date.now() + this.clockShiftMs;
  }

  timestamp(): string {
    return atolTimestamp(this.nowMs());
  }

  findAccount(login: string): AtolAccount | undefined {
    return this.accounts.find((a) => a.login === login);
  }

  issueToken(login: string): string {
    const token = randomBytes(32).toString("hex");
    const now = this.nowMs();
    this.tokens.set(token, { login, issuedAtMs: now, expiresAtMs: now + ATOL_TOKEN_TTL_MS });
    this.tokensIssued += 1;
    return token;
  }

  /** The account behind a live token, 'expired', or undefined when unknown. */
  lookupToken(token: string | undefined): AtolAccount | "expired" | undefined {
    if (!token) return undefined;
    const rec = this.tokens.get(token);
    if (!rec) return undefined;
    if (rec.expiresAtMs <= this.nowMs()) return "expired";
    return this.findAccount(rec.login);
  }

  expireTokens(): void {
    for (const rec of this.tokens.values()) rec.expiresAtMs = 0;
  }

  /** The document registered under an external_id (any group when `groupCode` is omitted). */
  findByExternalId(externalId: string, groupCode?: string): AtolDocument | undefined {
    for (const doc of this.documents.values()) {
      if (doc.externalId === externalId && (groupCode === undefined || doc.groupCode === groupCode)) return doc;
    }
    return undefined;
  }

  /** Largest number of documents created for one (group, external_id) — 1 unless idempotency broke. */
  maxRegistrationsPerExternalId(): number {
    const perKey = new Map<string, number>();
    for (const doc of this.documents.values()) {
      const key = `${doc.groupCode}\n${doc.externalId}`;
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    return Math.max(0, ...perKey.values());
  }

  /** Queues a one-shot fault for the next matching call (tried before the random rates). */
  injectFault(fault: AtolQueuedFault): void {
    this.queuedFaults.push(fault);
  }

  /**
   * Makes a waiting document (by uuid or external_id) end in `fail` — by default ATOL's queue timeout
   * (error type 'timeout': not fiscalised, a new external_id is needed). `now` settles it at once.
   */
  failDocument(ref: string, opts: { type?: AtolErrorType; code?: number; text?: string; now?: boolean } = {}): AtolDocument {
    const doc = this.documents.get(ref) ?? this.findByExternalId(ref);
    if (!doc) throw new Error(`fake ATOL: no document ${ref}`);
    if (doc.status !== "wait") throw new Error(`fake ATOL: document ${ref} is already ${doc.status}`);
    const type = opts.type ?? "timeout";
    doc.outcome = { kind: "fail", type, code: opts.code ?? (type === "timeout" ? QUEUE_TIMEOUT.code : 1), text: opts.text ?? QUEUE_TIMEOUT.text };
    if (opts.now && settle(this, doc, true)) this.onSettled?.(doc);
    return doc;
  }

  /** Settles a waiting document now, ignoring the processing delay. */
  completeDocument(ref: string): AtolDocument {
    const doc = this.documents.get(ref) ?? this.findByExternalId(ref);
    if (!doc) throw new Error(`fake ATOL: no document ${ref}`);
    if (settle(this, doc, true)) this.onSettled?.(doc);
    return doc;
  }
}
