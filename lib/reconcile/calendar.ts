// Days and shifts in a given IANA zone, for cutting payments and receipts into the portal's days. Pure; Intl is only
// asked for a zone's UTC offset, cached per zone and quarter hour (zone transitions fall on quarter hours), so a month
// of 100 000 payments costs a few thousand Intl calls.

export const MOSCOW_ZONE = "Europe/Moscow";

const QUARTER_HOUR_MS = 15 * 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when Intl knows the zone ("Asia/Yekaterinburg", "Etc/GMT-5", "UTC"). */
export function isValidZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at instant `t`, ms (Yekaterinburg: +5 h; New York in winter: −5 h). */
export function zoneOffsetMs(zone: string, t: number): number {
  const bucket = Math.floor(t / QUARTER_HOUR_MS);
  const cacheKey = `${zone}|${bucket}`;
  const cached = offsets.get(cacheKey);
  if (cached !== undefined) return cached;
  const at = bucket * QUARTER_HOUR_MS;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(at)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = local - at;
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(cacheKey, offset);
  return offset;
}

/** Wall-clock time in the zone, `YYYY-MM-DD HH:MM:SS` (evidence for people). */
export function localDateTime(t: number, zone: string): string {
  return new Date(t + zoneOffsetMs(zone, t)).toISOString().slice(0, 19).replace("T", " ");
}

const DAY_MS = 86_400_000;
const dayTexts = new Map<number, string>();

/** `YYYY-MM-DD` of a local day number (days since 1970-01-01), cached: a month's run asks for ~31 distinct days. */
function dayText(localDay: number): string {
  let text = dayTexts.get(localDay);
  if (text === undefined) {
    text = new Date(localDay * DAY_MS).toISOString().slice(0, 10);
    if (dayTexts.size > 100_000) dayTexts.clear();
    dayTexts.set(localDay, text);
  }
  return text;
}

/** The calendar day in the zone, `YYYY-MM-DD`. */
export function dayKey(t: number, zone: string): string {
  return dayText(Math.floor((t + zoneOffsetMs(zone, t)) / DAY_MS));
}

/**
 * The shift a moment belongs to, named by the local day it started on: with shifts starting at 09:00, 08:59 on the 11th
 * is the shift of the 10th. Without a shift start it is the calendar day.
 */
export function shiftKey(t: number, zone: string, shiftStartMinutes = 0): string {
  const local = t + zoneOffsetMs(zone, t);
  return dayText(Math.floor((local - shiftStartMinutes * 60_000) / DAY_MS));
}

/** Which boundary lies between two moments in the zone: none, a calendar day, or (same day) a shift change. */
export function boundaryBetween(a: number, b: number, zone: string, shiftStartMinutes = 0): "none" | "day" | "shift" {
  if (dayKey(a, zone) !== dayKey(b, zone)) return "day";
  if (shiftStartMinutes && shiftKey(a, zone, shiftStartMinutes) !== shiftKey(b, zone, shiftStartMinutes)) return "shift";
  return "none";
}

/** Day keys compare as text: `2025-12-31` < `2026-01-01`. */
export function isBeforeDay(t: number, zone: string, day: string): boolean {
  return dayKey(t, zone) < day;
}
