import { describe, expect, it } from "vitest";
import { fromOrangeStatus, parseOrangeProcessedAt, toOrangeDocument } from "@/lib/providers/orangedata/transform";
import type { DomainReceipt, TaxSystem } from "@/lib/receipts/types";
import done from "../../fixtures/providers/orangedata/status-done.json";
import marking422 from "../../fixtures/providers/orangedata/status-marking-422.json";

const company = { email: "shop@example.ru", sno: "usn_income" as const, inn: "7727401209", paymentAddress: "https://shop.example.ru" };
const sale: DomainReceipt = {
  operation: "sell",
  checkType: "sell",
  items: [
    { name: "Чай", priceKop: 33_333, quantityMilli: 2_000, sumKop: 66_666, vat: "vat22", vatSumKop: 12_021, paymentMethod: "full_payment", paymentObject: 1, measure: 0 },
    { name: "Сыр", priceKop: 6_668, quantityMilli: 500, sumKop: 3_334, vat: "vat10", vatSumKop: 303, paymentMethod: "full_payment", paymentObject: 1, measure: 11 },
  ],
  payments: [
    { type: "cash", sumKop: 20_000 },
    { type: "cashless", sumKop: 50_000 },
  ],
  totalKop: 70_000,
  client: { email: "buyer@example.ru", phone: "+79123456789" },
  company,
};
const opts = { id: "b24-1-1", inn: "7727401209", group: "Main_2", key: "7727401209" };
const contentOf = (doc: Record<string, unknown>) => doc.content as Record<string, any>;

describe("toOrangeDocument", () => {
  it("builds an FFD 1.2 sale document", () => {
    expect(toOrangeDocument(sale, { ...opts, callbackUrl: "https://app.example/api/providers/orangedata/callback" })).toEqual({
      id: "b24-1-1",
      inn: "7727401209",
      group: "Main_2",
      key: "7727401209",
      callbackUrl: "https://app.example/api/providers/orangedata/callback",
      content: {
        ffdVersion: 4,
        type: 1,
        positions: [
          { text: "Чай", quantity: 2, price: 333.33, tax: 11, paymentMethodType: 4, paymentSubjectType: 1, quantityMeasurementUnit: 0 },
          { text: "Сыр", quantity: 0.5, price: 66.68, tax: 2, paymentMethodType: 4, paymentSubjectType: 1, quantityMeasurementUnit: 11 },
        ],
        checkClose: {
          payments: [
            { type: 1, amount: 200 },
            { type: 2, amount: 500 },
          ],
          taxationSystem: 1,
        },
        customerContact: "buyer@example.ru",
        settlementPlace: "https://shop.example.ru",
        senderEmail: "shop@example.ru",
      },
    });
  });

  it("sends advance offsets and credit as Orange's payment types 14 and 15", () => {
    const doc = toOrangeDocument({ ...sale, payments: [{ type: "advance", sumKop: 60_000 }, { type: "credit", sumKop: 10_000 }] }, opts);
    expect(contentOf(doc).checkClose.payments).toEqual([
      { type: 14, amount: 600 },
      { type: 15, amount: 100 },
    ]);
  });

  it.each([
    ["osn", 0],
    ["usn_income", 1],
    ["usn_income_outcome", 2],
    ["esn", 4],
    ["patent", 5],
  ] as const)("maps СНО %s to taxationSystem %d", (sno, code) => {
    expect(contentOf(toOrangeDocument({ ...sale, company: { ...company, sno: sno as TaxSystem } }, opts)).checkClose.taxationSystem).toBe(code);
  });

  it("uses the phone when there is no e-mail", () => {
    expect(contentOf(toOrangeDocument({ ...sale, client: { phone: "+79123456789" } }, opts)).customerContact).toBe("+79123456789");
  });

  it("sends the marking code as itemCode with the planned status of a sale or a return", () => {
    const marked: DomainReceipt = { ...sale, items: [{ ...sale.items[0]!, quantityMilli: 1_000, sumKop: 33_333, paymentObject: 33, markCode: "010460123456789321ABC123" }] };
    expect(contentOf(toOrangeDocument(marked, opts)).positions[0]).toMatchObject({ itemCode: "010460123456789321ABC123", plannedStatus: 1, paymentSubjectType: 33 });
    expect(contentOf(toOrangeDocument({ ...marked, operation: "sell_refund" }, opts)).positions[0]).toMatchObject({ plannedStatus: 3 });
    expect(contentOf(toOrangeDocument(sale, opts)).positions[0]).not.toHaveProperty("itemCode");
  });

  it("builds a correction12 document with the corrected operation's type", () => {
    const byOrder = toOrangeDocument(
      { ...sale, operation: "sell_refund_correction", checkType: "correction", correction: { type: "instruction", baseDate: "2026-03-05", baseNumber: "АБ-4-20/123" } },
      opts,
    );
    expect(contentOf(byOrder)).toMatchObject({ ffdVersion: 4, type: 2, correctionType: 1, causeDocumentDate: "2026-03-05T00:00:00", causeDocumentNumber: "АБ-4-20/123" });
    const self = contentOf(toOrangeDocument({ ...sale, operation: "sell_correction", correction: { type: "self", baseDate: "2025-12-31" } }, opts));
    expect(self).toMatchObject({ type: 1, correctionType: 0, causeDocumentDate: "2025-12-31T00:00:00" });
    expect(self).not.toHaveProperty("causeDocumentNumber");
  });
});

describe("fromOrangeStatus", () => {
  it("reads a processed document (200) into fiscal data, processedAt as Moscow time", () => {
    expect(fromOrangeStatus(done.httpStatus, done.body)).toEqual({
      kind: "done",
      fiscal: {
        regNumberKkt: "0000000400054952",
        fnNumber: "9999078900001341",
        fiscalDocNumber: 5548,
        fiscalDocAttr: "787980846",
        fiscalReceiptNumber: 3045,
        shiftNumber: 6072,
        fiscalAt: Date.UTC(2018, 9, 22, 16, 36, 0),
        fiscalAtRaw: "2018-10-22T19:36:00",
        totalKop: 1,
        test: true,
      },
    });
  });

  it("subtracts the change given in cash from the total", () => {
    const body = { ...done.body, fsNumber: "8710000100000001", change: 50.5, content: { checkClose: { payments: [{ type: 1, amount: 1000 }] } } };
    const r = fromOrangeStatus(200, body);
    expect(r).toMatchObject({ kind: "done", fiscal: { totalKop: 94_950 } });
    expect(r.kind === "done" && r.fiscal.test).toBeUndefined();
  });

  it("is pending while queued (202) and not found for an unknown id (400)", () => {
    expect(fromOrangeStatus(202, null)).toEqual({ kind: "pending" });
    expect(fromOrangeStatus(400, { errors: ["Документ не найден"] })).toEqual({ kind: "not_found" });
  });

  it("fails for good on a marking check failure (422)", () => {
    expect(fromOrangeStatus(marking422.httpStatus, marking422.body)).toEqual({
      kind: "failed",
      message: "Orange Data: проверка кодов маркировки не пройдена: Код маркировки не прошёл проверку",
      code: "422",
      newIdNeeded: false,
    });
    expect(fromOrangeStatus(422, "")).toMatchObject({ message: "Orange Data: проверка кодов маркировки не пройдена" });
  });

  it("asks for a new id when the document expired in the queue (524)", () => {
    expect(fromOrangeStatus(524, null)).toEqual({ kind: "failed", message: "Orange Data не успел обработать чек до истечения срока в очереди", code: "524", newIdNeeded: true });
  });

  it.each([
    [200, null],
    [200, "ok"],
    [200, { ...done.body, processedAt: "22.10.2018 19:36:00" }],
    [200, { ...done.body, deviceRN: undefined }],
    [503, null],
    [500, { errors: ["x"] }],
  ])("is unknown for HTTP %d with %j", (status, body) => {
    expect(fromOrangeStatus(status, body)).toMatchObject({ kind: "unknown" });
  });

  it("accepts processedAt with fractional seconds or an explicit offset and rejects impossible dates", () => {
    expect(parseOrangeProcessedAt("2026-01-01T02:30:15.123")).toBe(Date.UTC(2025, 11, 31, 23, 30, 15));
    expect(parseOrangeProcessedAt("2026-01-01T10:00:00+05:00")).toBe(Date.UTC(2026, 0, 1, 5, 0, 0));
    expect(parseOrangeProcessedAt("2026-01-01T10:00:00Z")).toBe(Date.UTC(2026, 0, 1, 10, 0, 0));
    expect(parseOrangeProcessedAt("2026-02-30T10:00:00")).toBeUndefined();
    expect(parseOrangeProcessedAt("01.01.2026 10:00:00")).toBeUndefined();
  });
});
