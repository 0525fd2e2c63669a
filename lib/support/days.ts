import { dayKey, isValidZone, MOSCOW_ZONE, zoneOffsetMs } from "@/lib/reconcile/calendar";

// Portal-zone days as the console's filters and the report speak them (`YYYY-MM-DD`), and the UTC instants that
// bound them. Pure.

const DAY_MS = 86_400_000;

export function portalZone(zone: string | null | undefined): string {
  return zone && isValidZone(zone) ? zone : MOSCOW_ZONE;
}

/** The UTC instant at which the local day begins in the zone (offset looked up twice: a DST change near midnight). */
export function dayStartUtc(day: string, zone: string): number {
  const naive = Date.parse(`${day}T00:00:00Z`);
  const first = naive - zoneOffsetMs(zone, naive);
  return naive - zoneOffsetMs(zone, first);
}

/** The day after, as text. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Every day of [from, to], inclusive (the report's rows, empty days too). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = nextDay(d)) out.push(d);
  return out;
}

/** Today in the zone, and the first day of a default period that many days back. */
export function recentPeriod(now: number, zone: string, days: number): { from: string; to: string } {
  return { from: dayKey(now - (days - 1) * DAY_MS, zone), to: dayKey(now, zone) };
}
