/** Public shapes of the local Bitrix24 portal emulator. */
import type { EmulatedNotification } from "./rest-methods/im";
import type { CheckAgentRun } from "./check-agent";
import type { EmulatedCheck } from "./checks";
import type { AddPaymentInput, CrmState, CreateDealInput, EmulatedDeal, EmulatedLogMessage, EmulatedPayment, PayPaymentOptions } from "./crm";
import type { PayPaymentResult } from "./crm-builder";
import type { CheckPayloadInput } from "./payment-builder";
import type { PrintCheckOptions } from "./print-sender";

export interface PortalUser {
  ID: string;
  NAME: string;
  LAST_NAME: string;
  EMAIL: string;
  admin: boolean;
}

export interface RequestLogEntry {
  /** REST method as called, lower-cased (`sale.cashbox.add`). */
  method: string;
  /** Parameters after merging query and body (the `auth` token included, as sent). */
  params: unknown;
  rawBody: string;
  status: number;
  /** Unix ms (real clock). */
  at: number;
  httpMethod: string;
  /** The raw query string (without `?`), e.g. the SDK's `bx24_request_id=…`. */
  rawQuery: string;
}

export interface OAuthRequestLogEntry {
  path: string;
  params: Record<string, unknown>;
  rawBody: string;
  status: number;
  at: number;
}

export interface EmulatorFailure {
  status: number;
  error: string;
  error_description?: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds (the TTL). */
  expiresIn: number;
  /** Unix seconds. */
  expires: number;
}

export interface FrameRequestOptions {
  userId?: number;
  placement?: string;
  placementOptions?: Record<string, string>;
  applicationToken?: string;
  domainOverride?: string;
  lang?: string;
}

export interface EventBodyOptions {
  clean?: boolean;
  applicationToken?: string;
  userId?: number;
}

export interface FrameRequest {
  query: URLSearchParams;
  body: string;
}

export interface EmulatedPortal {
  memberId: string;
  /** '127.0.0.1:PORT' */
  domain: string;
  /** 'http://127.0.0.1:PORT' */
  origin: string;
  applicationToken: string;
  users: Map<number, PortalUser>;
  // Stored rows, in the shape the emulator keeps them (see rest-methods/*).
  handlers: any[];
  cashboxes: any[];
  eventBindings: any[];
  placements: any[];
  vats: any[];
  offlineEvents: any[];
  /** Cash-register checks by ID (see checks.ts). */
  checks: Map<number, EmulatedCheck>;
  /** Deals, contacts, sale orders, payments and timeline log messages (crm.ts). */
  crm: CrmState;
  /** crm.timeline.logmessage.add entries (= crm.timeline). */
  readonly timeline: EmulatedLogMessage[];
  /** crm.timeline.logmessage.list result: the docs' plain array (default) or the controller's `{logMessages: [...]}`. */
  logMessageListShape: "array" | "page";
  /** The portal's `main/email_from` option: client_email of a check whose buyer has neither email nor phone. */
  emailFrom: string;
  /** Results of the interval-driven CHECK_URL agent (startCheckAgent). */
  checkAgentRuns: CheckAgentRun[];
  /** im.notify notifications sent to the portal's users. */
  notifications: EmulatedNotification[];
  requests: RequestLogEntry[];
  clockShiftMs: number;
  /**
   * Simulated network round trip of REST calls, ms: half is spent before the portal reads its clock, half after it
   * answered, as a symmetric network path would (clock-offset tests).
   */
  networkRttMs: number;
  isInstallFinished: boolean;

  frameRequest(opts?: FrameRequestOptions): FrameRequest;
  installRequest(opts?: { userId?: number }): FrameRequest;
  eventBody(event: "ONAPPINSTALL" | "ONAPPUNINSTALL", opts?: EventBodyOptions): string;
  issueTokens(userId?: number): IssuedTokens;
  expireAccessTokens(): void;
  failNext(method: string, err: EmulatorFailure, times?: number): void;
  setRateLimit(limit: { burst: number; drainPerSec: number } | null): void;
  /** Answers every call of `method` (also inside batch) 429 OPERATION_TIME_LIMIT for `forMs` (0 lifts it). */
  blockMethod(method: string, forMs: number): void;
  markInstallFinished(): void;
  /**
   * Queues an offline event as Bitrix does for apps bound with `event.bind {event_type:'offline'}`.
   * Returns false (nothing queued) when no offline binding exists for that event, as on a real portal.
   */
  pushOfflineEvent(eventName: string, data: unknown, opts?: { userId?: number }): boolean;
  /** A payment with every default filled (type sell, one 1 000,00 ₽ line at the 20 % VAT id, one cashless payment). */
  payment(input?: CheckPayloadInput): CheckPayloadInput;
  /**
   * The payment is paid with a REST cashbox: Bitrix creates the check and POSTs it to PRINT_URL, then applies its
   * rules to the answer (print-sender.ts). Resolves with the stored check; rejects (no check) on validation failure
   * (CheckValidationError) or when no cashbox is active (NoCashboxError).
   */
  printCheck(input?: CheckPayloadInput, opts?: PrintCheckOptions): Promise<EmulatedCheck>;
  /** The check whose EXTERNAL_UUID is `uuid` (what check.apply and the agent look up). */
  checkByExternalUuid(uuid: string): EmulatedCheck | undefined;
  /** One run of the CHECK_URL agent (≤ 5 'P' checks portal-wide, lowest ID first). */
  runCheckAgent(): Promise<CheckAgentRun>;
  /** Runs the agent every intervalMs (Bitrix: 120 000) until stopCheckAgent() or emulator close. */
  startCheckAgent(intervalMs?: number): void;
  stopCheckAgent(): void;
  /** A deal with product rows (and a contact / delivery); fires ONCRMDEALADD when bound offline. */
  createDeal(input: CreateDealInput): EmulatedDeal;
  /**
   * A Sales Center payment for the deal: creates the deal's order on the first payment (bound to the deal, as
   * crm.orderentity.list shows), links the products / delivery; fires OnPaymentEntitySaved + OnSaleOrderSaved.
   */
  addPayment(dealId: number, input?: AddPaymentInput): EmulatedPayment;
  /**
   * Marks the payment paid (datePaid = `at` or now, with the portal's offset), fires OnPaymentEntitySaved, prints a
   * receipt when asked and Bitrix would (crm-builder.ts), then fires OnSaleOrderSaved.
   */
  payPayment(paymentId: number, opts?: PayPaymentOptions): Promise<PayPaymentResult>;
}

export interface PortalEmulatorOptions {
  portals?: number;
  clientId?: string;
  clientSecret?: string;
  accessTtlSec?: number;
  oauthDelayMs?: number;
  timezoneOffsetMin?: number;
  /** Granted application scope reported in tokens and events. */
  scope?: string;
  /**
   * When true, `/rest//method` (double slash) is served like `/rest/method` (nginx `merge_slashes`).
   * Default false: answered 404, so a trailing-slash clientEndpoint is caught (b24jssdk-in-nextjs.md pitfall 1).
   */
  mergeSlashes?: boolean;
  /**
   * When true (default), `event.bind`/`placement.bind` refuse handler URLs whose host has no dot
   * (`ERROR_WRONG_HANDLER_URL`) or whose scheme is not http(s) (`ERROR_UNSUPPORTED_PROTOCOL`), as Bitrix24 does.
   */
  strictHandlerUrls?: boolean;
}

export interface PortalEmulator {
  /** 'http://127.0.0.1:PORT' — the OAuth server. The app's serverEndpoint is oauthUrl + '/rest/'. */
  oauthUrl: string;
  portals: EmulatedPortal[];
  /** Successful refresh_token grants (for one portal, or all). */
  refreshCount(portal?: EmulatedPortal): number;
  oauthRequests: OAuthRequestLogEntry[];
  close(): Promise<void>;
}

export interface EmulatorConfig {
  clientId: string;
  clientSecret: string;
  accessTtlSec: number;
  oauthDelayMs: number;
  timezoneOffsetMin: number;
  scope: string;
  mergeSlashes: boolean;
  strictHandlerUrls: boolean;
  /** Set once the OAuth server listens. */
  oauthUrl: string;
}
