// Plain data for reconciliation (issue 5). Pure: money is integer kopecks, times are unix ms (UTC) and every time says
// whose clock it was read from — the portal's, ours, or the fiscal drive's — because the clocks disagree and that
// disagreement is exactly what support needs to see.

import type { ReceiptStatus } from "@/lib/db/schema";
import type { ReceiptKind } from "@/lib/deals/receipt-kind";
import type { FiscalResult, ReceiptItem, ReceiptPayment } from "@/lib/receipts/types";

export type { ReceiptKind };

/** A CRM payment from the payments snapshot. */
export interface ReconcilePayment {
  paymentId: number;
  dealId: number | null;
  sumKop: number;
  paid: boolean;
  /** When it was paid, on the portal's clock (unix ms); null when Bitrix24 did not say. */
  datePaid: number | null;
  /** False when no receipt is owed from us (e.g. the pay system prints its own). Default true. */
  receiptsExpected?: boolean;
  /** When the payment — and so its sum — was created, portal clock; tells a 2025 price from a 2026 one. */
  createdAt?: number | null;
  /** Delivery price included in `sumKop`, when the CRM order says. */
  deliveryKop?: number;
  /** Order-level discount already taken off `sumKop`, when the CRM order says. */
  discountKop?: number;
}

/** A receipt as reconciliation sees it (a projection of the `receipts` row). */
export interface ReconcileReceipt {
  id: string;
  paymentId: number | null;
  dealId: number | null;
  kind: ReceiptKind;
  status: ReceiptStatus;
  /** Σ items as we sent it (тег 1020). */
  totalKop: number;
  items: ReceiptItem[];
  payments: ReceiptPayment[];
  /** `fiscalAt` is the fiscal drive's clock: the provider's naive Moscow text parsed as UTC+3. */
  fiscal: FiscalResult | null;
  /** When we stored it (our clock). */
  acceptedAt: number;
  /** Bitrix24's `date_create` of the check (portal clock). */
  bitrixCreatedAt: number | null;
  /** The total the provider reports for the fiscal document, when it differs from where `fiscal.totalKop` is kept. */
  fiscalTotalKop?: number;
  /** The last provider error (timeout, refusal…), kept on the row. */
  lastError?: string | null;
}

export type ClockSource = "portal" | "provider" | "fiscal";

/**
 * One clock measurement: the remote clock reads our time + `offsetMs` (± `uncertaintyMs`), measured at `at` (our clock).
 * `zone` is the IANA zone the source's naive times are really in, when known (the fiscal drive may write the settlement
 * place's zone, тег 1011, while the provider's text is read as Moscow).
 */
export interface ClockSample {
  /** The stored sample's id, so a finding can name the measurement that explains it. */
  id?: number;
  /** A fiscal-drive sample taken from this receipt: the most direct evidence of that receipt's clock. */
  receiptId?: string | null;
  source: ClockSource;
  offsetMs: number;
  uncertaintyMs: number;
  at: number;
  zone?: string | null;
}

export interface ReconcileThresholds {
  /** A clock offset beyond this (after any whole-zone part) is skew worth reporting. */
  clockSkewMs: number;
  /** Longer than this between our send and the fiscal document (or still waiting) is a queue delay. */
  queueDelayMs: number;
  /** An advance older than this without its offset receipt is reported; default 0 (at once, like the deal tab). */
  offsetDueMs?: number;
  /** Clock samples further than this from an event do not explain it; default 24 h. */
  sampleWindowMs?: number;
}

export interface ReconcileContext {
  /** The portal's IANA zone: days and shifts are cut in it. */
  portalZone: string;
  /** Our clock. */
  now: number;
  /** A paid payment may be without a receipt this long before it is missing. */
  graceMs: number;
  thresholds: ReconcileThresholds;
  /** Shifts start at this many minutes after local midnight (e.g. 540 = 09:00); absent: shifts are calendar days. */
  shiftStartMinutes?: number;
}

export const MISMATCH_KINDS = [
  "receipt_vs_payment",
  "fiscal_vs_receipt",
  "items_vs_payments",
  "missing_receipt",
  "double_receipt",
  "day_boundary",
  "advance_without_offset",
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export const MISMATCH_CAUSES = [
  "rounding_per_line",
  "undistributed_discount",
  "delivery_line",
  "partial_payment",
  "prepayment_offset_double_count",
  "vat_rate_change",
  "time_zone",
  "clock_skew",
  "queue_delay",
  "provider_failure",
  "unknown",
] as const;
export type MismatchCause = (typeof MISMATCH_CAUSES)[number];

export interface Mismatch {
  /** Deterministic from the kind and the ids involved: re-running reconciliation upserts, never duplicates. */
  key: string;
  kind: MismatchKind;
  receiptIds: string[];
  paymentId: number | null;
  dealId: number | null;
  expectedKop: number;
  actualKop: number;
  /** actual − expected. */
  deltaKop: number;
  cause: MismatchCause;
  evidence: Record<string, unknown>;
  /** The portal-zone day the mismatch belongs to (the payment's day when there is a payment), `YYYY-MM-DD`. */
  day: string;
}
