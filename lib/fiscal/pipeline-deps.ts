import { hashToken } from "@/lib/crypto/tokens";
import type { CashboxProfile, Receipt } from "@/lib/db/schema";
import { env } from "@/lib/env";
import type { CashboxProvider } from "@/lib/providers/types";
import { providerForProfile } from "./provider-for";
import { DEFAULT_TIMING, type Timing } from "./timing";

/** What the pipeline needs from the outside; tests swap timing (and, for unit cases, the provider). */
export interface PipelineDeps {
  timing: Timing;
  providerFor(profile: CashboxProfile): CashboxProvider | null;
  callbackUrl(receipt: Pick<Receipt, "id">): string | undefined;
  /**
   * Test seam for the crash tests: awaited at the points where a worker can die. A promise that never settles
   * there is a killed worker (its lease expires and another worker takes over). Never set in production.
   */
  chaos?: (point: ChaosPoint) => Promise<void>;
}

export type ChaosPoint = "claimed" | "provider-answered" | "before-apply" | "apply-answered";

/** Signature in the provider callback URL, so only the provider we gave the URL to can nudge a receipt. */
export function callbackSignature(receiptId: string): string {
  return hashToken(`callback:${receiptId}`, env().APP_SECRET).slice(0, 24);
}

export function defaultDeps(overrides: Partial<PipelineDeps> = {}): PipelineDeps {
  return {
    timing: DEFAULT_TIMING,
    providerFor: providerForProfile,
    callbackUrl: (r) => `${env().APP_URL}/api/providers/callback/${r.id}/${callbackSignature(r.id)}`,
    ...overrides,
  };
}
