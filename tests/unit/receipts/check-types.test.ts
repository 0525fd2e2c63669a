import { describe, expect, it } from "vitest";
import { CHECK_TYPES, checkTypeInfo, isBitrixCheckType } from "@/lib/receipts/check-types";
import { BITRIX_CHECK_TYPES } from "@/lib/receipts/types";

// Expected values written out by hand from bitrix24-protocol.md §3.2 (type list, *return vs *returncash,
// SALE cashboxrest.php getCheckTypeMap) — not derived from the code under test.
const EXPECTED = {
  sell: ["sell", "full_payment", undefined],
  sellreturn: ["sell_refund", "full_payment", "cashless"],
  sellreturncash: ["sell_refund", "full_payment", "cash"],
  advancepayment: ["sell", "advance", undefined],
  advancereturn: ["sell_refund", "advance", "cashless"],
  advancereturncash: ["sell_refund", "advance", "cash"],
  prepayment: ["sell", "prepayment", undefined],
  prepaymentreturn: ["sell_refund", "prepayment", "cashless"],
  prepaymentreturncash: ["sell_refund", "prepayment", "cash"],
  fullprepayment: ["sell", "full_prepayment", undefined],
  fullprepaymentreturn: ["sell_refund", "full_prepayment", "cashless"],
  fullprepaymentreturncash: ["sell_refund", "full_prepayment", "cash"],
  credit: ["sell", "credit", undefined],
  creditreturn: ["sell_refund", "credit", "cashless"],
  creditpayment: ["sell", "credit_payment", undefined],
  creditpaymentreturn: ["sell_refund", "credit_payment", "cashless"],
  creditpaymentreturncash: ["sell_refund", "credit_payment", "cash"],
} as const;

describe("Bitrix24 check types", () => {
  it("covers exactly the 17 types Bitrix24 sends", () => {
    expect(Object.keys(CHECK_TYPES).sort()).toEqual([...BITRIX_CHECK_TYPES].sort());
    expect(Object.keys(EXPECTED)).toHaveLength(17);
  });

  it.each(Object.entries(EXPECTED))("%s → %j", (type, [operation, paymentMethod, refundPaymentType]) => {
    const info = checkTypeInfo(type as keyof typeof EXPECTED);
    expect(info.operation).toBe(operation);
    expect(info.paymentMethod).toBe(paymentMethod);
    expect(info.refundPaymentType).toBe(refundPaymentType);
  });

  it("recognises only known type strings", () => {
    expect(isBitrixCheckType("prepaymentreturncash")).toBe(true);
    expect(isBitrixCheckType("SELL")).toBe(false);
    expect(isBitrixCheckType("creditreturncash")).toBe(false);
    expect(isBitrixCheckType(undefined)).toBe(false);
  });
});
