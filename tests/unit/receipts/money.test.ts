import { describe, expect, it } from "vitest";
import { formatRub, kopToRub, milliToQuantity, mulDivRound, quantityToMilli, rublesToKop } from "@/lib/receipts/money";

describe("rublesToKop", () => {
  it.each([
    ["9600", 960_000],
    ["96.00", 9_600],
    ["96.5", 9_650],
    ["0.01", 1],
    [".5", 50],
    ["5.", 500],
    ["1,5", 150], // PHP under a comma locale
    [" 12.30 ", 1_230],
    ["1180.0000000001", 118_000], // a VAT-added price as PHP prints the float
    ["1.0E-5", 0],
    ["1.5e3", 150_000],
    ["96.005", 9_601], // the third decimal rounds half-up
    ["96.0049", 9_600],
    ["-0.005", -1],
    ["-12.34", -1_234],
    [9600, 960_000],
    [96.1, 9_610],
    [0.1 + 0.2, 30],
  ] as const)("%j → %d kopecks", (input, kop) => {
    expect(rublesToKop(input)).toBe(kop);
  });

  it.each(["", "abc", "12a", "1.2.3", "--1", "+", "e5", "1e9999", "99999999999999999999", Number.NaN, Number.POSITIVE_INFINITY])("%j is not money", (input) => {
    expect(rublesToKop(input)).toBeNull();
  });
});

describe("quantityToMilli", () => {
  it.each([
    ["1", 1_000],
    ["3", 3_000],
    ["1.5", 1_500],
    ["0.333", 333],
    ["0.0005", 1],
    ["0.0004", 0],
    ["99999.999", 99_999_999],
  ] as const)("%j → %d thousandths", (input, milli) => {
    expect(quantityToMilli(input)).toBe(milli);
  });
});

describe("conversions for provider JSON", () => {
  it("prints kopecks as rubles with at most two decimals", () => {
    expect(JSON.stringify([kopToRub(33_333), kopToRub(100_000), kopToRub(1), kopToRub(4_294_967_295)])).toBe("[333.33,1000,0.01,42949672.95]");
  });

  it("prints thousandths as a quantity with at most three decimals", () => {
    expect(JSON.stringify([milliToQuantity(1_500), milliToQuantity(333), milliToQuantity(1_000)])).toBe("[1.5,0.333,1]");
  });

  it("formats kopecks for Russian messages", () => {
    expect(formatRub(100_000)).toBe("1 000,00 ₽");
    expect(formatRub(99_900)).toBe("999,00 ₽");
    expect(formatRub(5)).toBe("0,05 ₽");
    expect(formatRub(123_456_789)).toBe("1 234 567,89 ₽");
  });

  it("multiplies and divides exactly past 2^53, rounding half-up", () => {
    expect(mulDivRound(4_294_967_295, 99_999_999, 1000)).toBe(429_496_725_205_033);
    expect(mulDivRound(3, 20, 120)).toBe(1); // 0.5 → 1
    expect(mulDivRound(1, 20, 120)).toBe(0); // 0.1666 → 0
  });
});
