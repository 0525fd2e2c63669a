import { describe, expect, it } from "vitest";
import type { PaymentMethod, VatCode } from "@/lib/receipts/types";
import { effectiveVat, vatSumKop } from "@/lib/receipts/vat";

const SETTLEMENT: PaymentMethod[] = ["full_payment", "partial_payment", "credit", "credit_payment"];
const PREPAID: PaymentMethod[] = ["full_prepayment", "prepayment", "advance"];

describe("effectiveVat", () => {
  it.each([
    ["none", "none", "none"],
    ["vat0", "vat0", "vat0"],
    ["vat5", "vat5", "vat105"],
    ["vat7", "vat7", "vat107"],
    ["vat10", "vat10", "vat110"],
    ["vat20", "vat20", "vat120"],
    ["vat22", "vat22", "vat122"],
  ] as const)("%s: %s on settlement, %s on prepayments and advances", (base, settled, prepaid) => {
    for (const m of SETTLEMENT) expect(effectiveVat(base as VatCode, m)).toBe(settled);
    for (const m of PREPAID) expect(effectiveVat(base as VatCode, m)).toBe(prepaid);
  });
});

describe("vatSumKop", () => {
  it.each([
    [960_000, "vat20", 160_000], // the Bitrix docs example: 9600 incl. 20 % → 1600
    [122_000, "vat22", 22_000],
    [122_000, "vat122", 22_000],
    [122_000, "vat20", 20_333],
    [122_000, "vat120", 20_333],
    [122_000, "vat10", 11_091],
    [122_000, "vat110", 11_091],
    [122_000, "vat5", 5_810],
    [122_000, "vat105", 5_810],
    [122_000, "vat7", 7_981],
    [122_000, "vat107", 7_981],
    [122_000, "vat0", 0],
    [122_000, "none", 0],
    [3, "vat20", 1], // 0.5 kopeck rounds up
    [9, "vat20", 2], // 1.5 → 2
    [2, "vat20", 0], // 0.33 → 0
    [0, "vat22", 0],
  ] as const)("%d kopecks at %s include %d", (sum, vat, expected) => {
    expect(vatSumKop(sum, vat)).toBe(expected);
  });
});
