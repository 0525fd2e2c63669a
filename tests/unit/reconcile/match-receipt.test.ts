import { describe, expect, it } from "vitest";
import { matchReceipt, type PaymentFacts, type ReceiptFacts } from "@/lib/reconcile/match-receipt";

const T = Date.UTC(2026, 10, 23, 9, 0, 0);
const min = 60_000;
const pay = (id: number, over: Partial<PaymentFacts> = {}): PaymentFacts => ({
  paymentId: id,
  dealId: 100 + id,
  sumKop: 500_000,
  paid: true,
  datePaid: T,
  emails: [],
  phones: [],
  productNames: ["Диван"],
  ...over,
});
const receipt = (over: Partial<ReceiptFacts> = {}): ReceiptFacts => ({ totalKop: 500_000, createdAt: T + 5_000, email: "anna@example.ru", phone: null, itemNames: ["Диван"], ...over });

describe("matchReceipt", () => {
  it("among three payments of equal sum picks the one paid at the check's time by the same buyer", () => {
    const payments = [
      pay(1, { datePaid: T - 20 * min, emails: ["boris@example.ru"] }),
      pay(2, { datePaid: T, emails: ["anna@example.ru"] }),
      pay(3, { datePaid: T + 12 * min, emails: ["vera@example.ru"] }),
    ];
    const m = matchReceipt(receipt(), payments);
    expect(m).toMatchObject({ kind: "matched", paymentId: 2, dealId: 102 });
    if (m.kind === "matched") expect(m.confidence).toBeGreaterThanOrEqual(90);
  });

  it("flags two equally plausible payments as ambiguous instead of guessing", () => {
    const payments = [pay(1, { datePaid: T, emails: ["anna@example.ru"] }), pay(2, { datePaid: T + 10_000, emails: ["anna@example.ru"] })];
    expect(matchReceipt(receipt(), payments).kind).toBe("ambiguous");
  });

  it("never matches a different sum or an unpaid payment", () => {
    expect(matchReceipt(receipt(), [pay(1, { sumKop: 500_001 }), pay(2, { paid: false })]).kind).toBe("none");
  });

  it("does not match on the sum alone when nothing else agrees", () => {
    expect(matchReceipt(receipt({ email: "x@y.ru", itemNames: ["Стол"] }), [pay(1, { datePaid: T - 3 * 3600_000 })]).kind).toBe("none");
  });

  it("matches a lone payment by time and items even without a contact", () => {
    expect(matchReceipt(receipt({ email: null }), [pay(7, { datePaid: T - min })])).toMatchObject({ kind: "matched", paymentId: 7 });
  });

  it("compares phones by their last ten digits", () => {
    const m = matchReceipt(receipt({ email: null, phone: "+7 (912) 345-67-89" }), [pay(1, { phones: ["89123456789"], datePaid: T + 25 * min }), pay(2, { datePaid: T + 26 * min })]);
    expect(m).toMatchObject({ kind: "matched", paymentId: 1 });
  });
});
