// Which CRM payment a Bitrix24 receipt belongs to. PRINT_URL carries no payment or deal id, so we weigh what it
// does carry: the sum (must be equal to the kopeck), the time Bitrix24 created the check against the payment's
// paid time (both on the portal's clock), the buyer contact and the item names. A close second candidate means
// "ambiguous": flagged for support, never guessed.

/** A check is created while the payment is saved; later than this it is not that payment's automatic receipt. */
export const MAX_TIME_GAP_MS = 30 * 60_000;
/** Below this confidence (percent) nothing is matched. */
export const MIN_CONFIDENCE = 50;
/** A runner-up within this many points of the best makes the match ambiguous. */
export const AMBIGUITY_MARGIN = 15;

export interface ReceiptFacts {
  totalKop: number;
  /** Bitrix24's `date_create` of the check (portal clock, unix ms); null when unknown. */
  createdAt: number | null;
  email?: string | null;
  phone?: string | null;
  itemNames: string[];
}

export interface PaymentFacts {
  paymentId: number;
  dealId: number | null;
  sumKop: number;
  paid: boolean;
  /** Portal clock, unix ms. */
  datePaid: number | null;
  emails: string[];
  phones: string[];
  productNames: string[];
}

export interface MatchEvidence {
  paymentId: number;
  score: number;
  timeGapMs: number | null;
  contact: boolean;
  itemsOverlap: number;
}

export type MatchResult =
  | { kind: "matched"; paymentId: number; dealId: number | null; confidence: number; evidence: MatchEvidence[] }
  | { kind: "ambiguous"; candidates: MatchEvidence[] }
  | { kind: "none"; reason: string };

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");
const digits = (s: string) => s.replace(/\D/g, "").slice(-10);

/** Scores one candidate 0..100: time closeness 50, contact 30, item names 20. */
export function scoreCandidate(r: ReceiptFacts, p: PaymentFacts): MatchEvidence {
  const gap = r.createdAt !== null && p.datePaid !== null ? Math.abs(r.createdAt - p.datePaid) : null;
  const timeScore = gap === null ? 15 : gap > MAX_TIME_GAP_MS ? 0 : 50 * (1 - gap / MAX_TIME_GAP_MS);
  const contact =
    (!!r.email && p.emails.some((e) => norm(e) === norm(r.email!))) || (!!r.phone && p.phones.some((ph) => digits(ph) === digits(r.phone!) && digits(ph).length >= 10));
  const names = new Set(p.productNames.map(norm));
  const overlap = r.itemNames.length ? r.itemNames.filter((n) => names.has(norm(n))).length / r.itemNames.length : 0;
  const score = Math.round(timeScore + (contact ? 30 : 0) + 20 * overlap);
  return { paymentId: p.paymentId, score, timeGapMs: gap, contact, itemsOverlap: Math.round(overlap * 100) / 100 };
}

export function matchReceipt(r: ReceiptFacts, payments: PaymentFacts[]): MatchResult {
  const sameSum = payments.filter((p) => p.paid && p.sumKop === r.totalKop);
  if (!sameSum.length) return { kind: "none", reason: "нет оплаченного платежа на эту сумму" };
  const scored = sameSum.map((p) => scoreCandidate(r, p)).sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (best!.score < MIN_CONFIDENCE) return { kind: "none", reason: "ни один платёж не совпал по времени и контакту" };
  if (second && best!.score - second.score < AMBIGUITY_MARGIN) return { kind: "ambiguous", candidates: scored.slice(0, 5) };
  const payment = sameSum.find((p) => p.paymentId === best!.paymentId)!;
  return { kind: "matched", paymentId: payment.paymentId, dealId: payment.dealId, confidence: best!.score, evidence: scored.slice(0, 5) };
}
