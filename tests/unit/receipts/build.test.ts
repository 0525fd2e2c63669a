import { describe, expect, it } from "vitest";
import { buildCorrection, buildRefund, ReceiptBuildError } from "@/lib/receipts/build";
import type { DomainReceipt } from "@/lib/receipts/types";

const company = { inn: "5544332219", sno: "osn" as const, paymentAddress: "https://v5.online.atol.ru", email: "shop@example.ru" };
const sale = (payments: DomainReceipt["payments"], over: Partial<DomainReceipt> = {}): DomainReceipt => ({
  operation: "sell",
  checkType: "prepayment",
  items: [
    { name: "Консультация", priceKop: 100_000, quantityMilli: 1_000, sumKop: 100_000, vat: "vat122", vatSumKop: 18_033, paymentMethod: "prepayment", paymentObject: 4, measure: 0 },
    { name: "Обувь", priceKop: 50_000, quantityMilli: 1_000, sumKop: 50_000, vat: "vat122", vatSumKop: 9_016, paymentMethod: "prepayment", paymentObject: 33, measure: 0, markCode: "010460123456789321ABC123" },
  ],
  payments,
  totalKop: 150_000,
  client: { email: "buyer@example.ru" },
  company,
  ...over,
});

describe("buildRefund", () => {
  it("refunds the same lines, prices, VAT and payment method, by card", () => {
    const original = sale([{ type: "cashless", sumKop: 150_000 }]);
    const refund = buildRefund(original);
    expect(refund).toEqual({ ...original, operation: "sell_refund", checkType: "refund", payments: [{ type: "cashless", sumKop: 150_000 }] });
    expect(refund.items[1]!.markCode).toBe("010460123456789321ABC123");
  });

  it("refunds cash as cash", () => {
    expect(buildRefund(sale([{ type: "cash", sumKop: 150_000 }])).payments).toEqual([{ type: "cash", sumKop: 150_000 }]);
  });

  it("refunds the cash part in cash and the rest, offsets included, by card", () => {
    const refund = buildRefund(
      sale([
        { type: "cash", sumKop: 20_000 },
        { type: "advance", sumKop: 30_000 },
        { type: "cashless", sumKop: 100_000 },
      ]),
    );
    expect(refund.payments).toEqual([
      { type: "cash", sumKop: 20_000 },
      { type: "cashless", sumKop: 130_000 },
    ]);
  });

  it("does not share lines with the original", () => {
    const original = sale([{ type: "cashless", sumKop: 150_000 }]);
    buildRefund(original).items[0]!.name = "изменено";
    expect(original.items[0]!.name).toBe("Консультация");
  });

  it("refuses to refund a refund", () => {
    expect(() => buildRefund(sale([{ type: "cash", sumKop: 150_000 }], { operation: "sell_refund" }))).toThrow("Вернуть можно только чек прихода");
  });
});

describe("buildCorrection", () => {
  // 2026-01-01 21:30 UTC = 2026-01-02 00:30 in Moscow.
  const now = Date.UTC(2026, 0, 1, 21, 30);
  const base = sale([{ type: "cashless", sumKop: 150_000 }]);

  it("builds a self-made correction of a sale", () => {
    const c = buildCorrection(base, { type: "self", baseDate: "2025-12-30" }, "sell_correction", now);
    expect(c).toEqual({ ...base, operation: "sell_correction", checkType: "correction", correction: { type: "self", baseDate: "2025-12-30" } });
  });

  it("builds a correction by a tax authority's order with its number", () => {
    const c = buildCorrection(base, { type: "instruction", baseDate: "2026-01-02", baseNumber: " 12-34/567 " }, "sell_refund_correction", now);
    expect(c.operation).toBe("sell_refund_correction");
    expect(c.correction).toEqual({ type: "instruction", baseDate: "2026-01-02", baseNumber: "12-34/567" });
  });

  const refusal = (info: Parameters<typeof buildCorrection>[1]) => {
    try {
      buildCorrection(base, info, "sell_correction", now);
    } catch (err) {
      expect(err).toBeInstanceOf(ReceiptBuildError);
      return (err as ReceiptBuildError).errors;
    }
    throw new Error("expected a refusal");
  };

  it("needs the order's number for a correction by instruction", () => {
    expect(refusal({ type: "instruction", baseDate: "2025-12-30" })).toEqual(["Для коррекции по предписанию укажите номер предписания ФНС"]);
    expect(refusal({ type: "instruction", baseDate: "2025-12-30", baseNumber: "  " })).toEqual(["Для коррекции по предписанию укажите номер предписания ФНС"]);
  });

  it("refuses a date after today in Moscow", () => {
    expect(refusal({ type: "self", baseDate: "2026-01-03" })).toEqual(["Дата корректируемого расчёта не может быть в будущем"]);
  });

  it.each(["2026-02-30", "30.12.2025", "2025-12-3", ""])("refuses the date %j", (baseDate) => {
    expect(refusal({ type: "self", baseDate })).toEqual(["Дата корректируемого расчёта должна быть в формате ГГГГ-ММ-ДД"]);
  });

  it("refuses an order number Orange can't store", () => {
    expect(refusal({ type: "instruction", baseDate: "2025-12-30", baseNumber: "1".repeat(33) })).toEqual(["Номер предписания не длиннее 32 символов"]);
  });
});
