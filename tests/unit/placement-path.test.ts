import { describe, expect, it } from "vitest";
import { placementPath } from "@/lib/portals/frame-entry";

describe("placementPath", () => {
  it("opens settings for the app itself", () => expect(placementPath("DEFAULT", undefined)).toBe("/settings"));
  it("opens the deal view for the deal tab", () => expect(placementPath("CRM_DEAL_DETAIL_TAB", '{"ID":"42"}')).toBe("/deal/42"));
  it("opens the same view from the deal list's menu", () => expect(placementPath("CRM_DEAL_LIST_MENU", '{"ID":"7"}')).toBe("/deal/7"));
  it("falls back to settings on a missing or hostile ID", () => {
    expect(placementPath("CRM_DEAL_DETAIL_TAB", '{"ID":"../../x"}')).toBe("/settings");
    expect(placementPath("CRM_DEAL_DETAIL_TAB", "not json")).toBe("/settings");
  });
});

describe("zoneFromServerTime", async () => {
  const { zoneFromServerTime } = await import("@/lib/bitrix/portal-zone");
  it("turns the portal's offset into an Etc zone", () => {
    expect(zoneFromServerTime("2026-11-23T23:59:00+05:00")).toBe("Etc/GMT-5");
    expect(zoneFromServerTime("2026-11-23T20:59:00+03:00")).toBe("Etc/GMT-3");
    expect(zoneFromServerTime("2026-11-23T17:59:00-02:00")).toBe("Etc/GMT+2");
    expect(zoneFromServerTime("2026-11-23T17:59:00+05:30")).toBeNull();
    expect(zoneFromServerTime(42)).toBeNull();
  });
});
