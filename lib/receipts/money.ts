// Bitrix24 sends PHP floats as text (`"96.5"`, `"1180.0000000001"`, `"1.0E-5"`): parse the decimal text, never floats.

const DECIMAL = /^([+-])?(\d*)(?:[.,](\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/** Decimal text → integer count of 10^-scale units, half-up (away from zero); null if not a decimal or not safe. */
export function parseScaled(value: string | number, scale: number): number | null {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const m = text.length <= 64 ? DECIMAL.exec(text) : null;
  if (!m) return null;
  const [, sign, int = "", frac = "", exp = "0"] = m;
  if (int.length + frac.length === 0) return null;
  const digits = int + frac;
  const point = int.length + Number(exp) + scale;
  const kept = point <= 0 ? "0" : point >= digits.length ? digits.padEnd(point, "0") : digits.slice(0, point);
  const next = point < 0 ? 0 : Number(digits[point] ?? "0");
  const whole = Number(BigInt(kept) + (next >= 5 ? 1n : 0n));
  if (!Number.isSafeInteger(whole)) return null;
  return sign === "-" && whole !== 0 ? -whole : whole;
}

/** Rubles (`"96.00"`, `96`) → kopecks; the third decimal rounds half-up (`"96.005"` → 9601). */
export function rublesToKop(value: string | number): number | null {
  return parseScaled(value, 2);
}

/** Quantity → thousandths, the precision ATOL accepts (5.3); a fourth decimal rounds half-up. */
export function quantityToMilli(value: string | number): number | null {
  return parseScaled(value, 3);
}

/** Kopecks → rubles as a JSON number; k/100 prints as the exact 2-decimal value. */
export function kopToRub(kop: number): number {
  return kop / 100;
}

export function milliToQuantity(milli: number): number {
  return milli / 1000;
}

/** `100000` → `"1 000,00 ₽"`, for messages shown in Bitrix24. */
export function formatRub(kop: number): string {
  const abs = Math.abs(kop);
  const rub = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, " ");
  return `${kop < 0 ? "−" : ""}${rub},${String(abs % 100).padStart(2, "0")} ₽`;
}

/** round(a × b / d) half-up for non-negative integers, exact even when a × b exceeds 2^53. */
export function mulDivRound(a: number, b: number, d: number): number {
  const n = BigInt(a) * BigInt(b);
  const den = BigInt(d);
  return Number((2n * n + den) / (2n * den));
}
