import { describe, expect, it } from "vitest";
import { boundaryBetween, dayKey, isValidZone, localDateTime, shiftKey, zoneOffsetMs } from "@/lib/reconcile/calendar";

const t = (iso: string) => Date.parse(iso);

describe("calendar", () => {
  it("cuts days in the given zone", () => {
    expect(dayKey(t("2026-03-10T18:59:00Z"), "Asia/Yekaterinburg")).toBe("2026-03-10");
    expect(dayKey(t("2026-03-10T19:00:00Z"), "Asia/Yekaterinburg")).toBe("2026-03-11");
    expect(dayKey(t("2026-03-10T19:00:00Z"), "Etc/GMT-5")).toBe("2026-03-11");
    expect(dayKey(t("2026-03-10T19:00:00Z"), "Europe/Moscow")).toBe("2026-03-10");
    expect(dayKey(t("2026-03-10T21:00:00Z"), "Europe/Moscow")).toBe("2026-03-11");
  });

  it("knows a zone's offset, including daylight saving changes", () => {
    expect(zoneOffsetMs("Europe/Moscow", t("2026-07-01T00:00:00Z"))).toBe(3 * 3_600_000);
    expect(zoneOffsetMs("Asia/Kolkata", t("2026-07-01T00:00:00Z"))).toBe(5.5 * 3_600_000);
    // New York springs forward at 07:00 UTC on 8 March 2026.
    expect(zoneOffsetMs("America/New_York", t("2026-03-08T06:59:59Z"))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs("America/New_York", t("2026-03-08T07:00:00Z"))).toBe(-4 * 3_600_000);
  });

  it("prints local wall-clock time", () => {
    expect(localDateTime(t("2026-03-10T18:59:00Z"), "Asia/Yekaterinburg")).toBe("2026-03-10 23:59:00");
    expect(localDateTime(t("2025-12-31T21:00:00Z"), "Europe/Moscow")).toBe("2026-01-01 00:00:00");
  });

  it("names a shift by the local day it started on", () => {
    expect(shiftKey(t("2026-03-11T05:59:00Z"), "Europe/Moscow", 540)).toBe("2026-03-10"); // 08:59 MSK
    expect(shiftKey(t("2026-03-11T06:00:00Z"), "Europe/Moscow", 540)).toBe("2026-03-11"); // 09:00 MSK
    expect(shiftKey(t("2026-03-11T05:59:00Z"), "Europe/Moscow")).toBe("2026-03-11");
  });

  it("says which boundary separates two moments", () => {
    const z = "Europe/Moscow";
    expect(boundaryBetween(t("2026-03-10T20:59:00Z"), t("2026-03-10T21:01:00Z"), z)).toBe("day");
    expect(boundaryBetween(t("2026-03-10T05:59:00Z"), t("2026-03-10T06:01:00Z"), z, 540)).toBe("shift");
    expect(boundaryBetween(t("2026-03-10T05:59:00Z"), t("2026-03-10T06:01:00Z"), z)).toBe("none");
  });

  it("validates zone names", () => {
    expect(isValidZone("Asia/Yekaterinburg")).toBe(true);
    expect(isValidZone("Mars/Olympus")).toBe(false);
  });
});
