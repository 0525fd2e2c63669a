import { mulDivRound } from "./money";

// Exact lines: sum (1043) == round(price (1079) × qty (1023)) and Σ sums == Σ payments. Since ATOL doc 5.12 the ККТ
// rejects a mismatch instead of discounting it (providers §1.3, §2.6), and Bitrix's per-line discount with a
// kopeck-rounded price breaks it (3 × 333.33 ≠ 1000.00). A line keeps its sum and splits when no price fits
// (2 × 333.33 + 1 × 333.34), as mygento/kkm's `spread_discount` + `split_allowed` do. Totals never change.

/** Kopecks and thousandths; `sumKop` is what Bitrix24 means the line to cost. */
export interface DraftLine {
  priceKop: number;
  quantityMilli: number;
  sumKop: number;
}

export interface ExactLine {
  priceKop: number;
  quantityMilli: number;
  sumKop: number;
  /** Index of the draft line it comes from. */
  source: number;
}

export type ExactLinesResult =
  | { ok: true; lines: ExactLine[]; spread: boolean }
  | { ok: false; itemsKop: number; targetKop: number };

/** Drift of Σ sums from the payments that counts as per-line rounding, kopecks per line; more is a real mismatch. */
export const MAX_DRIFT_KOP_PER_LINE = 1;

/** round(price × quantity) half-up, kopecks. */
export function lineSumKop(priceKop: number, quantityMilli: number): number {
  return mulDivRound(priceKop, quantityMilli, 1000);
}

/**
 * Exact lines adding up to `targetKop` (Σ payments). Sums used: Bitrix's `sum` if they add up, else price × qty if
 * those do, else `sum` with the drift spread (`spread: true`); otherwise `ok: false`.
 */
export function makeLinesExact(lines: DraftLine[], targetKop: number): ExactLinesResult {
  const sums = lines.map((l) => l.sumKop);
  const itemsKop = total(sums);
  let chosen = sums;
  let spread = false;
  if (itemsKop !== targetKop) {
    const products = lines.map((l) => lineSumKop(l.priceKop, l.quantityMilli));
    const spreadSums = Math.abs(targetKop - itemsKop) <= lines.length * MAX_DRIFT_KOP_PER_LINE ? spreadDifference(sums, targetKop) : null;
    if (total(products) === targetKop) chosen = products;
    else if (spreadSums) [chosen, spread] = [spreadSums, true];
    else return { ok: false, itemsKop, targetKop };
  }
  const exact = chosen.flatMap((sumKop, source) => splitLine(sumKop, lines[source]!.quantityMilli).map((part) => ({ ...part, source })));
  return { ok: true, lines: exact, spread };
}

/** Spreads `targetKop − Σ sums` in proportion to the sums (largest remainder), no line below 0; null if impossible. */
export function spreadDifference(sums: number[], targetKop: number): number[] | null {
  const weight = total(sums);
  const diff = targetKop - weight;
  if (diff === 0) return [...sums];
  if (weight <= 0 || -diff > weight) return null;
  const abs = Math.abs(diff);
  const shares = sums.map((s) => Math.floor((abs * s) / weight));
  let left = abs - total(shares);
  // Leftover kopecks go to the largest fractional parts, which only lines with s > 0 have.
  const order = sums.map((s, i) => ({ i, rem: (abs * s) % weight })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    shares[i]! += 1;
  }
  return sums.map((s, i) => s + Math.sign(diff) * shares[i]!);
}

/**
 * One or two exact lines for `sumKop` over `quantityMilli` (> 0): a fitting price; else whole units split at ⌊sum/n⌋
 * and +1 kopeck; else (1.5 kg) the whole units at ⌊unit price⌋ and the fraction carrying the rest — below one unit a
 * kopeck of price moves the sum by less than a kopeck, so any sum fits.
 */
export function splitLine(sumKop: number, quantityMilli: number): Omit<ExactLine, "source">[] {
  const unit = mulDivRound(sumKop, 1000, quantityMilli);
  for (const priceKop of [unit, unit - 1, unit + 1]) {
    if (priceKop >= 0 && lineSumKop(priceKop, quantityMilli) === sumKop) return [{ priceKop, quantityMilli, sumKop }];
  }
  if (quantityMilli % 1000 === 0) {
    const n = quantityMilli / 1000;
    const base = Math.floor(sumKop / n);
    const extra = sumKop - base * n;
    return [
      { priceKop: base, quantityMilli: (n - extra) * 1000, sumKop: base * (n - extra) },
      { priceKop: base + 1, quantityMilli: extra * 1000, sumKop: (base + 1) * extra },
    ];
  }
  const wholeMilli = Math.floor(quantityMilli / 1000) * 1000;
  const fracMilli = quantityMilli - wholeMilli;
  const wholePrice = Math.floor((sumKop * 1000) / quantityMilli);
  const wholeSum = (wholePrice * wholeMilli) / 1000;
  const rest = sumKop - wholeSum;
  return [{ priceKop: wholePrice, quantityMilli: wholeMilli, sumKop: wholeSum }, ...splitLine(rest, fracMilli)];
}

function total(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
