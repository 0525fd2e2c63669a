import { describe, expect, it } from "vitest";
import { paymentObjectFor } from "@/lib/receipts/payment-object";

describe("paymentObjectFor", () => {
  it.each([
    ["commodity", 1],
    ["excise", 2],
    ["job", 3],
    ["service", 4],
    ["payment", 10],
    ["agent_commission", 11],
    ["composite", 12],
    ["another", 13],
    ["property_right", 14],
    ["non-operating_gain", 15],
    ["sales_tax", 17],
    ["resort_fee", 18],
    ["deposit", 19],
    ["expense", 20],
    ["casino_payment", 26],
    ["commodity_marking_no_marking_excise", 30],
    ["commodity_marking_no_marking", 32],
  ])("%s → %d on a full settlement", (value, code) => {
    expect(paymentObjectFor(value, "full_payment", false)).toEqual({ code });
  });

  it("declares marked goods with their code as «с КМ»", () => {
    expect(paymentObjectFor("commodity_marking", "full_payment", true)).toEqual({ code: 33 });
    expect(paymentObjectFor("commodity_marking_excise", "full_payment", true)).toEqual({ code: 31 });
    // A code on a line Bitrix called plain goods still makes it marked goods.
    expect(paymentObjectFor("commodity", "full_payment", true)).toEqual({ code: 33 });
    expect(paymentObjectFor("excise", "credit", true)).toEqual({ code: 31 });
  });

  it("refuses marked goods without a code on a settlement, declares them «без КМ» on a prepayment", () => {
    expect(paymentObjectFor("commodity_marking", "full_payment", false)).toEqual({ code: 33, problem: "missing_mark_code" });
    expect(paymentObjectFor("commodity_marking_excise", "credit", false)).toEqual({ code: 31, problem: "missing_mark_code" });
    expect(paymentObjectFor("commodity_marking", "full_prepayment", false)).toEqual({ code: 32 });
    expect(paymentObjectFor("commodity_marking_excise", "prepayment", false)).toEqual({ code: 30 });
  });

  it("makes every advance line a «платёж» (10), whatever the goods", () => {
    expect(paymentObjectFor("commodity", "advance", false)).toEqual({ code: 10 });
    expect(paymentObjectFor("commodity_marking", "advance", true)).toEqual({ code: 10 });
    expect(paymentObjectFor("service", "advance", false)).toEqual({ code: 10 });
  });

  it("defaults an empty value to «товар» and an unknown one to «иной» with a problem", () => {
    expect(paymentObjectFor(undefined, "full_payment", false)).toEqual({ code: 1 });
    expect(paymentObjectFor("", "full_payment", false)).toEqual({ code: 1 });
    expect(paymentObjectFor("teleport", "full_payment", false)).toEqual({ code: 13, problem: "unknown" });
  });
});
