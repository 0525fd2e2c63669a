import { describe, expect, it } from "vitest";
import type { CrmPayment, Receipt } from "@/lib/db/schema";
import { paymentTodo } from "@/lib/deals/todo";
import { sampleReceipt } from "../helpers/seed";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const payment = (over: Partial<CrmPayment> = {}) => ({ paymentId: 5, paid: true, datePaid: new Date(NOW - 3600_000), ...over }) as CrmPayment;
const receipt = (checkType: string, over: Partial<Receipt> = {}) =>
  ({ paymentId: 5, status: "done", operation: "sell", source: "bitrix", checkType, receipt: sampleReceipt, ...over }) as Receipt;

describe("paymentTodo", () => {
  it("asks for a receipt for a payment paid a while ago without one", () => {
    expect(paymentTodo(payment(), [], NOW).map((t) => t.kind)).toEqual(["no_receipt"]);
  });
  it("waits a few minutes for Bitrix24's own receipt first", () => {
    expect(paymentTodo(payment({ datePaid: new Date(NOW - 60_000) }), [], NOW)).toEqual([]);
  });
  it("asks for the offset after an advance, and is satisfied by it", () => {
    expect(paymentTodo(payment(), [receipt("advancepayment")], NOW).map((t) => t.kind)).toEqual(["offset_missing"]);
    const offset = receipt("sell", { receipt: { ...sampleReceipt, payments: [{ type: "advance", sumKop: 100_000 }] } });
    expect(paymentTodo(payment(), [receipt("advancepayment"), offset], NOW)).toEqual([]);
  });
  it("does not count a failed receipt, and owes nothing for an unpaid payment", () => {
    expect(paymentTodo(payment(), [receipt("sell", { status: "failed" })], NOW).map((t) => t.kind)).toEqual(["no_receipt"]);
    expect(paymentTodo(payment({ paid: false }), [], NOW)).toEqual([]);
  });
});
