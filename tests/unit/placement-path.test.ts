import { describe, expect, it } from "vitest";
import { placementPath } from "@/lib/portals/frame-entry";

describe("placementPath", () => {
  it("opens settings for the app itself", () => expect(placementPath("DEFAULT", undefined)).toBe("/settings"));
  it("opens the deal view for the deal tab", () => expect(placementPath("CRM_DEAL_DETAIL_TAB", '{"ID":"42"}')).toBe("/deal/42"));
  it("falls back to settings on a missing or hostile ID", () => {
    expect(placementPath("CRM_DEAL_DETAIL_TAB", '{"ID":"../../x"}')).toBe("/settings");
    expect(placementPath("CRM_DEAL_DETAIL_TAB", "not json")).toBe("/settings");
  });
});
