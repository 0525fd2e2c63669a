// The narrow interface every cloud-cashbox provider implements. Providers do HTTP only: no database, no env.
// Receipt registration and reports join this interface with the receipts issue.

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

export interface ConnectionCheck {
  ok: boolean;
  message: string;
  /** The provider's own clock when it answered (unix ms), for the clock diagnostics. */
  providerTime?: number;
}

export interface CashboxProvider {
  readonly name: string;
  testConnection(): Promise<ConnectionCheck>;
}
