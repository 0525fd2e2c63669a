/** One emulated portal: its data, users, tokens, clock, injected failures and leaky bucket. */
import type { EmulatedNotification } from "./rest-methods/im";
import { createHash } from "node:crypto";
import { CheckAgentLoop, runCheckAgent, type CheckAgentRun } from "./check-agent";
import { findCheckByExternalUuid, type EmulatedCheck } from "./checks";
import { CrmState, type AddPaymentInput, type CreateDealInput, type EmulatedDeal, type EmulatedLogMessage, type EmulatedPayment, type PayPaymentOptions } from "./crm";
import { addPayment, createDeal, payPayment, type PayPaymentResult } from "./crm-builder";
import { buildEventBody, buildFrameRequest } from "./frames";
import { normalizePayment, type CheckPayloadInput } from "./payment-builder";
import { printCheck, type PrintCheckOptions } from "./print-sender";
import { RestError, systemErrors } from "./rest-errors";
import { isoWithOffset } from "./time";
import { randomHex, type TokenStore } from "./tokens";
import type {
  EmulatedPortal,
  EmulatorConfig,
  EmulatorFailure,
  EventBodyOptions,
  FrameRequest,
  FrameRequestOptions,
  IssuedTokens,
  PortalUser,
  RequestLogEntry,
} from "./types";

interface Bucket {
  burst: number;
  drainPerSec: number;
  level: number;
  lastMs: number;
}

/** Catalog VAT rates seeded on every portal (shape: EN catalog/vat/catalog-vat-get.md). */
function seedVats(nowIso: string) {
  return [
    { id: 1, name: "Без НДС", rate: null, active: "Y", sort: 100, timestampX: nowIso },
    { id: 2, name: "НДС 0%", rate: 0, active: "Y", sort: 200, timestampX: nowIso },
    { id: 3, name: "НДС 10%", rate: 10, active: "Y", sort: 300, timestampX: nowIso },
    { id: 4, name: "НДС 20%", rate: 20, active: "Y", sort: 400, timestampX: nowIso },
    { id: 5, name: "НДС 22%", rate: 22, active: "Y", sort: 500, timestampX: nowIso },
  ];
}

export class PortalState implements EmulatedPortal {
  readonly memberId = randomHex(16);
  readonly applicationToken = randomHex(16);
  domain = "";
  origin = "";
  readonly users = new Map<number, PortalUser>([
    [1, { ID: "1", NAME: "Иван", LAST_NAME: "Админов", EMAIL: "admin@example.test", admin: true }],
    [2, { ID: "2", NAME: "Пётр", LAST_NAME: "Менеджеров", EMAIL: "manager@example.test", admin: false }],
  ]);
  handlers: any[] = [];
  cashboxes: any[] = [];
  eventBindings: any[] = [];
  placements: any[] = [];
  vats: any[];
  offlineEvents: any[] = [];
  checks = new Map<number, EmulatedCheck>();
  /** Deals, contacts, orders, payments, timeline log messages (crm.ts). */
  readonly crm = new CrmState();
  /** crm.timeline.logmessage.list result shape: the docs' plain array (default) or the controller's `{logMessages}`. */
  logMessageListShape: "array" | "page" = "array";
  emailFrom = "admin@example.test";
  checkAgentRuns: CheckAgentRun[] = [];
  /** im.notify notifications sent to the portal's users (rest-methods/im.ts). */
  notifications: EmulatedNotification[] = [];
  requests: RequestLogEntry[] = [];
  clockShiftMs = 0;
  networkRttMs = 0;
  isInstallFinished = false;
  /** app.info ID: the app's local id on the portal. */
  readonly appLocalId = 1;

  private readonly ids = new Map<string, number>();
  private readonly failures = new Map<string, Array<{ err: EmulatorFailure; remaining: number }>>();
  private bucket: Bucket | null = null;
  private readonly blockedUntil = new Map<string, number>();
  private readonly agent = new CheckAgentLoop(this, (run) => this.checkAgentRuns.push(run));

  constructor(
    readonly config: EmulatorConfig,
    private readonly tokens: TokenStore<PortalState>,
  ) {
    this.vats = seedVats(isoWithOffset(Date.now(), config.timezoneOffsetMin));
    this.ids.set("vat", this.vats.length);
  }

  setAddress(port: number): void {
    this.domain = `127.0.0.1:${port}`;
    this.origin = `http://127.0.0.1:${port}`;
  }

  /** The portal's clock (shifted), unix ms. */
  nowMs(): number {
    return Date.now() + this.clockShiftMs;
  }

  nowIso(): string {
    return isoWithOffset(this.nowMs(), this.config.timezoneOffsetMin);
  }

  nextId(kind: string): number {
    const n = (this.ids.get(kind) ?? 0) + 1;
    this.ids.set(kind, n);
    return n;
  }

  nextEventHandlerId(): number {
    return this.nextId("eventHandlerDelivery");
  }

  isAdmin(userId: number): boolean {
    return this.users.get(userId)?.admin === true;
  }

  issueTokens(userId = 1): IssuedTokens {
    if (!this.users.has(userId)) throw new Error(`portal emulator: no user ${userId}`);
    return this.tokens.issue(this, userId);
  }

  expireAccessTokens(): void {
    this.tokens.expireAll(this);
  }

  failNext(method: string, err: EmulatorFailure, times = 1): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key) ?? [];
    list.push({ err, remaining: times });
    this.failures.set(key, list);
  }

  /** Throws the next injected failure for this method, if any. */
  takeFailure(method: string): void {
    const list = this.failures.get(method.toLowerCase());
    const head = list?.[0];
    if (!list || !head) return;
    head.remaining -= 1;
    if (head.remaining <= 0) list.shift();
    throw new RestError(head.err.status, head.err.error, head.err.error_description ?? "");
  }

  /**
   * Per-method operating-time limit (EN settings/performance/limits.md): until `forMs` from now every call of
   * `method` — direct or inside `batch` — is answered 429 OPERATION_TIME_LIMIT, as when its 10-minute operating
   * budget is spent. `forMs` 0 lifts the block.
   */
  blockMethod(method: string, forMs: number): void {
    if (forMs > 0) this.blockedUntil.set(method.toLowerCase(), Date.now() + forMs);
    else this.blockedUntil.delete(method.toLowerCase());
  }

  /** Throws OPERATION_TIME_LIMIT while the method is blocked. */
  takeOperatingLimit(method: string): void {
    const until = this.blockedUntil.get(method.toLowerCase());
    if (until !== undefined && Date.now() < until) throw systemErrors.operationTimeLimit();
  }

  setRateLimit(limit: { burst: number; drainPerSec: number } | null): void {
    this.bucket = limit ? { ...limit, level: 0, lastMs: Date.now() } : null;
  }

  /**
   * Leaky bucket per portal (EN settings/performance/limits.md): each request adds 1, the level
   * drains at drainPerSec; a request that would overflow `burst` is refused with 503 and not counted.
   */
  takeRateLimit(): boolean {
    const b = this.bucket;
    if (!b) return true;
    const now = Date.now();
    b.level = Math.max(0, b.level - ((now - b.lastMs) / 1000) * b.drainPerSec);
    b.lastMs = now;
    if (b.level + 1 > b.burst) return false;
    b.level += 1;
    return true;
  }

  markInstallFinished(): void {
    this.isInstallFinished = true;
  }

  frameRequest(opts?: FrameRequestOptions): FrameRequest {
    return buildFrameRequest(this, this.config, opts);
  }

  installRequest(opts?: { userId?: number }): FrameRequest {
    return buildFrameRequest(this, this.config, { userId: opts?.userId, placement: "DEFAULT" });
  }

  eventBody(event: "ONAPPINSTALL" | "ONAPPUNINSTALL", opts?: EventBodyOptions): string {
    return buildEventBody(this, this.config, event, opts);
  }

  /**
   * `EventOfflineTable::callEvent` (rest `lib/eventofflinetable.php`): MESSAGE_ID = md5(EVENT_NAME|json(EVENT_DATA))
   * and the row is MERGEd on (MESSAGE_ID, APP_ID, CONNECTOR_ID, PROCESS_ID) — the same event with the same data while
   * an earlier copy is still unmarked (PROCESS_ID '') only refreshes that row's TIMESTAMP_X / data; once the earlier
   * copy is marked by an event.offline.get clear=0 process, a new row is added. (PHP's Json::encode is approximated by
   * JSON.stringify, so the hash is Bitrix-like, not byte-identical.)
   */
  pushOfflineEvent(eventName: string, data: unknown, opts: { userId?: number } = {}): boolean {
    const name = eventName.toUpperCase();
    const bound = this.eventBindings.some((b) => b.offline && b.EVENT_NAME === name);
    if (!bound) return false;
    const eventData = data ?? false;
    const additional = opts.userId ? { user_id: String(opts.userId) } : false;
    const messageId = createHash("md5").update(`${name}|${JSON.stringify(eventData)}`).digest("hex");
    const pending = this.offlineEvents.find((e) => e.MESSAGE_ID === messageId && e.PROCESS_ID === "" && e.CONNECTOR_ID === "");
    if (pending) {
      pending.TIMESTAMP_X = this.nowMs();
      pending.EVENT_DATA = eventData;
      pending.EVENT_ADDITIONAL = additional;
      return true;
    }
    this.offlineEvents.push({
      ID: this.nextId("offlineEvent"),
      TIMESTAMP_X: this.nowMs(),
      EVENT_NAME: name,
      EVENT_DATA: eventData,
      EVENT_ADDITIONAL: additional,
      MESSAGE_ID: messageId,
      CONNECTOR_ID: "",
      PROCESS_ID: "",
      ERROR: 0,
    });
    return true;
  }

  get timeline(): EmulatedLogMessage[] {
    return this.crm.timeline;
  }

  createDeal(input: CreateDealInput): EmulatedDeal {
    return createDeal(this, input);
  }

  addPayment(dealId: number, input?: AddPaymentInput): EmulatedPayment {
    return addPayment(this, dealId, input);
  }

  payPayment(paymentId: number, opts?: PayPaymentOptions): Promise<PayPaymentResult> {
    return payPayment(this, paymentId, opts);
  }

  payment(input?: CheckPayloadInput): CheckPayloadInput {
    return normalizePayment(this, input);
  }

  printCheck(input?: CheckPayloadInput, opts?: PrintCheckOptions): Promise<EmulatedCheck> {
    return printCheck(this, input, opts);
  }

  checkByExternalUuid(uuid: string): EmulatedCheck | undefined {
    return findCheckByExternalUuid(this, uuid);
  }

  runCheckAgent(): Promise<CheckAgentRun> {
    return runCheckAgent(this);
  }

  startCheckAgent(intervalMs?: number): void {
    this.agent.start(intervalMs);
  }

  stopCheckAgent(): void {
    this.agent.stop();
  }
}
