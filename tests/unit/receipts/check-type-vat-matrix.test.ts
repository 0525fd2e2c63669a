import { describe, expect, it } from "vitest";
import { toAtolDocument } from "@/lib/providers/atol/transform";
import { toOrangeDocument } from "@/lib/providers/orangedata/transform";
import { parseBitrixPayload } from "@/lib/receipts/bitrix-payload";
import { normalizeBitrixReceipt } from "@/lib/receipts/normalize";
import type { DomainReceipt, VatCode } from "@/lib/receipts/types";

// All 17 Bitrix24 check types × the 7 base rates a profile can map, through PRINT_URL payload → domain receipt →
// ATOL v5 and Orange Data JSON. Every expectation is written out by hand from the docs (bitrix24-protocol.md §3.2,
// cloud-cashbox-providers.md §2.1–2.4), never computed by the code under test.

/** type → [ATOL operation, payment_method, Orange type, Orange paymentMethodType, ATOL payment type, Orange payment type, payment object]. */
const TYPES = {
  sell: ["sell", "full_payment", 1, 4, 1, 2, 4],
  sellreturn: ["sell_refund", "full_payment", 2, 4, 1, 2, 4],
  sellreturncash: ["sell_refund", "full_payment", 2, 4, 0, 1, 4],
  advancepayment: ["sell", "advance", 1, 3, 1, 2, 10],
  advancereturn: ["sell_refund", "advance", 2, 3, 1, 2, 10],
  advancereturncash: ["sell_refund", "advance", 2, 3, 0, 1, 10],
  prepayment: ["sell", "prepayment", 1, 2, 1, 2, 4],
  prepaymentreturn: ["sell_refund", "prepayment", 2, 2, 1, 2, 4],
  prepaymentreturncash: ["sell_refund", "prepayment", 2, 2, 0, 1, 4],
  fullprepayment: ["sell", "full_prepayment", 1, 1, 1, 2, 4],
  fullprepaymentreturn: ["sell_refund", "full_prepayment", 2, 1, 1, 2, 4],
  fullprepaymentreturncash: ["sell_refund", "full_prepayment", 2, 1, 0, 1, 4],
  credit: ["sell", "credit", 1, 6, 1, 2, 4],
  creditreturn: ["sell_refund", "credit", 2, 6, 1, 2, 4],
  creditpayment: ["sell", "credit_payment", 1, 7, 1, 2, 4],
  creditpaymentreturn: ["sell_refund", "credit_payment", 2, 7, 1, 2, 4],
  creditpaymentreturncash: ["sell_refund", "credit_payment", 2, 7, 0, 1, 4],
} as const;

/** Types whose receipts must carry calculated rates (prepayments, 100 % prepayments, advances and their refunds). */
const PREPAID = new Set(["advancepayment", "advancereturn", "advancereturncash", "prepayment", "prepaymentreturn", "prepaymentreturncash", "fullprepayment", "fullprepaymentreturn", "fullprepaymentreturncash"]);

/**
 * base → [ATOL vat, Orange tax] on a settlement, the same on a prepayment, and the VAT in 1 220,00 ₽:
 * 22/122 → 220,00; 20/120 → 203,33; 10/110 → 110,91; 5/105 → 58,10; 7/107 → 79,81.
 */
const VAT = {
  none: { settled: ["none", 6], prepaid: ["none", 6], vatKop: 0 },
  vat0: { settled: ["vat0", 5], prepaid: ["vat0", 5], vatKop: 0 },
  vat5: { settled: ["vat5", 7], prepaid: ["vat105", 9], vatKop: 5_810 },
  vat7: { settled: ["vat7", 8], prepaid: ["vat107", 10], vatKop: 7_981 },
  vat10: { settled: ["vat10", 2], prepaid: ["vat110", 4], vatKop: 11_091 },
  vat20: { settled: ["vat20", 1], prepaid: ["vat120", 3], vatKop: 20_333 },
  vat22: { settled: ["vat22", 11], prepaid: ["vat122", 12], vatKop: 22_000 },
} as const;

const company = { inn: "5544332219", sno: "osn" as const, paymentAddress: "https://v5.online.atol.ru", email: "shop@example.ru" };

function receiptFor(type: string, base: VatCode): DomainReceipt {
  const parsed = parseBitrixPayload({
    type,
    uuid: `check|shop.bitrix24.ru|${type}`,
    items: [{ name: "Услуга", price: "1220", sum: "1220", quantity: "1", measure_code: "796", vat: "4", payment_object: "service" }],
    payments: [{ type: "cashless", is_cash: "N", sum: "1220" }],
    client_email: "buyer@example.ru",
  });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const r = normalizeBitrixReceipt(parsed.payload, { vatMap: { "4": base }, company, contactPolicy: "email_or_phone", fallbackEmails: [] });
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.receipt;
}

const cases = Object.entries(TYPES).flatMap(([type, t]) => Object.entries(VAT).map(([base, v]) => [type, base, t, v] as const));

describe("17 check types × 7 base VAT rates", () => {
  it("covers 119 combinations", () => {
    expect(cases).toHaveLength(119);
  });

  it.each(cases)("%s with %s", (type, base, [operation, method, orangeType, orangeMethod, atolPay, orangePay, object], vat) => {
    const [atolVat, orangeTax] = PREPAID.has(type) ? vat.prepaid : vat.settled;
    const receipt = receiptFor(type, base as VatCode);
    expect(receipt.operation).toBe(operation);
    expect(receipt.items).toHaveLength(1);
    expect(receipt.items[0]!.vatSumKop).toBe(vat.vatKop);

    const atol = toAtolDocument(receipt, { externalId: `b24-${type}`, now: Date.UTC(2026, 0, 15, 9, 0, 0) });
    expect(atol.timestamp).toBe("15.01.2026 12:00:00");
    expect(atol.receipt).toEqual({
      client: { email: "buyer@example.ru" },
      company: { email: "shop@example.ru", sno: "osn", inn: "5544332219", payment_address: "https://v5.online.atol.ru" },
      items: [{ name: "Услуга", price: 1220, quantity: 1, measure: 0, sum: 1220, payment_method: method, payment_object: object, vat: { type: atolVat } }],
      payments: [{ type: atolPay, sum: 1220 }],
      total: 1220,
    });

    const orange = toOrangeDocument(receipt, { id: `b24-${type}`, inn: "5544332219", group: "Main_2", key: "5544332219" });
    expect(orange.content).toEqual({
      ffdVersion: 4,
      type: orangeType,
      positions: [{ text: "Услуга", quantity: 1, price: 1220, tax: orangeTax, paymentMethodType: orangeMethod, paymentSubjectType: object, quantityMeasurementUnit: 0 }],
      checkClose: { payments: [{ type: orangePay, amount: 1220 }], taxationSystem: 0 },
      customerContact: "buyer@example.ru",
      settlementPlace: "https://v5.online.atol.ru",
      senderEmail: "shop@example.ru",
    });
  });
});
