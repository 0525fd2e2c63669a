/** ATOL timestamps: `dd.mm.yyyy HH:MM:SS`, Moscow time (UTC+3, no DST) — cloud-cashbox-providers.md §1.1/§1.4. */
const MSK_OFFSET_MS = 3 * 60 * 60 * 1000;

export function atolTimestamp(ms: number): string {
  const d = new Date(ms + MSK_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(
    d.getUTCSeconds(),
  )}`;
}
