/** Portal clock formatting: ISO 8601 with the portal's UTC offset, as in `server.time` and `time.date_*`. */

export function isoWithOffset(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}

/**
 * The `time` block every answer carries (EN method pages, e.g. placement-bind.md):
 * start/finish unix floats, duration, processing, date_start/date_finish, operating_reset_at, operating.
 */
export function timeBlock(startMs: number, finishMs: number, offsetMin: number): Record<string, unknown> {
  const duration = Math.max(0, finishMs - startMs) / 1000;
  return {
    start: startMs / 1000,
    finish: finishMs / 1000,
    duration,
    processing: duration,
    date_start: isoWithOffset(startMs, offsetMin),
    date_finish: isoWithOffset(finishMs, offsetMin),
    operating_reset_at: Math.floor(startMs / 1000) + 600,
    operating: 0,
  };
}
