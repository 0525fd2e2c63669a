import type { DomainReceipt, FiscalResult } from "@/lib/receipts/types";

// The narrow interface every cloud-cashbox provider implements. Providers do HTTP only: no database, no env.
// Idempotency is the provider's `external_id`/`id`: registering the same id again never makes a second receipt.

export type ProviderErrorKind = "auth" | "config" | "unavailable" | "rejected" | "unknown";

/** Provider failures collapsed to a few kinds, with a message for a human in Russian. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly providerCode?: string | number,
  ) {
    super(message);
  }
}

/** One reading of a remote clock: remote time against our send/receive times (all unix ms). */
export interface ClockSample {
  remoteTime: number;
  sentAt: number;
  receivedAt: number;
  /** How finely the remote clock prints time, ms; absent: whole seconds (ATOL `timestamp`, HTTP `Date`). */
  resolutionMs?: number;
}

export interface ConnectionCheck {
  ok: boolean;
  message: string;
  clock?: ClockSample;
}

export type RegisterOutcome =
  /** Queued at the provider (a duplicate id adopts the existing document). */
  | { kind: "accepted"; providerUuid: string; clock?: ClockSample }
  /** Definitely not registered. `newIdNeeded`: this id is burnt, a retry must use a new one. */
  | { kind: "rejected"; message: string; code?: string; configError: boolean; newIdNeeded: boolean }
  /** Timeout, 5xx, garbage: it may or may not exist. Never a failure — ask again with the same id. */
  | { kind: "unknown"; message: string; retryAfterMs?: number };

export type ReportOutcome =
  | { kind: "pending" }
  | { kind: "done"; fiscal: FiscalResult; clock?: ClockSample }
  /** Terminal failure. `newIdNeeded`: a new attempt with a new id may fiscalise it (ATOL timeout, Orange 524). */
  | { kind: "failed"; message: string; code?: string; newIdNeeded: boolean }
  /** The provider has no document with this id: registering it (with the same id) is safe. */
  | { kind: "not_found" }
  | { kind: "unknown"; message: string; retryAfterMs?: number };

export interface RegisterParams {
  /** Our deterministic idempotency id for this fiscal attempt. */
  externalId: string;
  callbackUrl?: string;
  /** When we send it (unix ms); ATOL wants it as Moscow time in `timestamp`. */
  now: number;
}

export interface CashboxProvider {
  readonly name: string;
  testConnection(): Promise<ConnectionCheck>;
  register(receipt: DomainReceipt, params: RegisterParams): Promise<RegisterOutcome>;
  /** `providerUuid` when known (ATOL reports by uuid); `externalId` otherwise (Orange reports by our id). */
  report(ref: { externalId: string; providerUuid?: string | null; operation: DomainReceipt["operation"] }): Promise<ReportOutcome>;
  readClock(): Promise<ClockSample>;
}
