/**
 * The portal's time zone as an IANA name from server.time's ISO offset ("…+05:00" → "Etc/GMT-5"; the Etc zones
 * count the other way). Half-hour offsets or garbage give null, and pages fall back to Moscow time.
 */
export function zoneFromServerTime(iso: unknown): string | null {
  const m = typeof iso === "string" ? iso.match(/([+-])(\d{2}):(\d{2})$/) : null;
  if (!m || m[3] !== "00") return null;
  const hours = Number(m[2]);
  if (hours === 0) return "Etc/GMT";
  return `Etc/GMT${m[1] === "+" ? "-" : "+"}${hours}`;
}
