import { describe, expect, it } from "vitest";
import { measureFromOkei } from "@/lib/receipts/okei";

describe("measureFromOkei", () => {
  it.each([
    ["796", 0],
    ["778", 0],
    ["163", 10],
    ["166", 11],
    ["168", 12],
    ["004", 20],
    ["4", 20],
    ["005", 21],
    ["006", 22],
    ["051", 30],
    ["053", 31],
    ["055", 32],
    ["111", 40],
    ["112", 41],
    ["113", 42],
    ["245", 50],
    ["233", 51],
    ["359", 70],
    ["356", 71],
    ["355", 72],
    ["354", 73],
    ["256", 80],
    ["257", 81],
    ["2553", 82],
    ["2554", 83],
  ])("OKEI %s → tag 2108 value %d", (code, measure) => {
    expect(measureFromOkei(code)).toEqual({ measure, known: true });
  });

  it("treats a missing or empty code as pieces (Bitrix's delivery line has none)", () => {
    expect(measureFromOkei(undefined)).toEqual({ measure: 0, known: true });
    expect(measureFromOkei("  ")).toEqual({ measure: 0, known: true });
  });

  it.each(["999", "шт", "7960", "-796"])("flags %j as unknown and uses «иная» (255)", (code) => {
    expect(measureFromOkei(code)).toEqual({ measure: 255, known: false });
  });
});
