import type { Translate } from "@/app/_components/lang-provider";
import type { MessageKey } from "@/lib/i18n";

// Plain-Russian names of kinds, causes, VAT rates and audit actions; unknown codes show as they are.

function label(tr: Translate, key: string, fallback: string): string {
  const text = tr(key as MessageKey);
  return text === key ? fallback : text;
}

export const kindLabel = (tr: Translate, kind: string) => label(tr, `support.kind.${kind}`, kind);
export const causeLabel = (tr: Translate, cause: string) => label(tr, `support.cause.${cause}`, cause);
export const vatLabel = (tr: Translate, vat: string) => label(tr, `support.vat.${vat}`, vat);
export const auditLabel = (tr: Translate, action: string) => label(tr, `support.audit.${action}`, action);

export const MISMATCH_KINDS = ["receipt_vs_payment", "fiscal_vs_receipt", "items_vs_payments", "missing_receipt", "double_receipt", "day_boundary", "advance_without_offset"];
export const QUEUE_KINDS = [...MISMATCH_KINDS, "receipt_failed", "receipt_needs_attention"];
export const CAUSES = [
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
];
