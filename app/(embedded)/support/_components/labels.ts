import type { Translate } from "@/app/_components/lang-provider";
import type { MessageKey } from "@/lib/i18n";
import { MISMATCH_CAUSES, MISMATCH_KINDS } from "@/lib/reconcile/types";

// Plain-Russian names of kinds, causes, VAT rates and audit actions; unknown codes show as they are.

function label(tr: Translate, key: string, fallback: string): string {
  const text = tr(key as MessageKey);
  return text === key ? fallback : text;
}

export const kindLabel = (tr: Translate, kind: string) => label(tr, `support.kind.${kind}`, kind);
export const causeLabel = (tr: Translate, cause: string) => label(tr, `support.cause.${cause}`, cause);
export const vatLabel = (tr: Translate, vat: string) => label(tr, `support.vat.${vat}`, vat);
export const auditLabel = (tr: Translate, action: string) => label(tr, `support.audit.${action}`, action);

// The reconciliation's own lists (pure module, safe in the browser), plus the queue's receipt kinds.
export { MISMATCH_KINDS };
export const QUEUE_KINDS = [...MISMATCH_KINDS, "receipt_failed", "receipt_needs_attention"];
export const CAUSES = MISMATCH_CAUSES;
