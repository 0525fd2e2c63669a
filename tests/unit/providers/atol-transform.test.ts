import { describe, expect, it } from "vitest";
import { formatMoscowTimestamp, fromAtolReport, parseMoscowTimestamp, toAtolDocument } from "@/lib/providers/atol/transform";
import type { DomainReceipt } from "@/lib/receipts/types";
import error50 from "../../fixtures/providers/atol/error-50-no-status.json";
import duplicate33 from "../../fixtures/providers/atol/register-duplicate-33.json";
import error32 from "../../fixtures/providers/atol/register-error-32.json";
import doneLamoda from "../../fixtures/providers/atol/report-done-lamoda.json";
import donePdf from "../../fixtures/providers/atol/report-done-pdf.json";
import fail2009 from "../../fixtures/providers/atol/report-fail-agent-2009.json";
import failTimeout from "../../fixtures/providers/atol/report-fail-timeout.json";
import wait34 from "../../fixtures/providers/atol/report-wait-34.json";
import sellRequest from "../../fixtures/providers/atol/sell-request.json";

const company = { email: "shop@example.ru", sno: "osn" as const, inn: "5544332219", paymentAddress: "https://v5.online.atol.ru" };
const consultation: DomainReceipt = {
  operation: "sell",
  checkType: "sell",
  items: [{ name: "Консультация", priceKop: 100_000, quantityMilli: 1_000, sumKop: 100_000, vat: "vat22", vatSumKop: 18_033, paymentMethod: "full_payment", paymentObject: 4, measure: 0 }],
  payments: [{ type: "cashless", sumKop: 100_000 }],
  totalKop: 100_000,
  client: { email: "buyer@example.ru" },
  company,
};
// 21.08.2026 14:05:00 in Moscow.
const now = Date.UTC(2026, 7, 21, 11, 5, 0);
const receiptOf = (doc: Record<string, unknown>) => (doc.receipt ?? doc.correction) as Record<string, any>;

describe("toAtolDocument", () => {
  it("builds the sell request of the provider docs (§1.3) exactly", () => {
    const doc = toAtolDocument(consultation, { externalId: "b24-pay-12345-sell", callbackUrl: "https://example.ru/atol/callback", now });
    expect(doc).toEqual(sellRequest.body);
  });

  it("leaves out the service block without a callback URL", () => {
    expect(toAtolDocument(consultation, { externalId: "x", now })).not.toHaveProperty("service");
  });

  it("writes kopecks as rubles and thousandths as a quantity, with every payment type", () => {
    const doc = toAtolDocument(
      {
        ...consultation,
        items: [
          { ...consultation.items[0]!, name: "Чай", priceKop: 33_333, quantityMilli: 2_000, sumKop: 66_666 },
          { ...consultation.items[0]!, name: "Сыр", priceKop: 6_668, quantityMilli: 500, sumKop: 3_334, measure: 11 },
        ],
        payments: [
          { type: "cash", sumKop: 1 },
          { type: "cashless", sumKop: 59_999 },
          { type: "advance", sumKop: 5_000 },
          { type: "credit", sumKop: 5_000 },
        ],
        totalKop: 70_000,
      },
      { externalId: "x", now },
    );
    const r = receiptOf(doc);
    expect(JSON.stringify(r.items.map((i: any) => [i.price, i.quantity, i.sum, i.measure]))).toBe("[[333.33,2,666.66,0],[66.68,0.5,33.34,11]]");
    expect(r.payments).toEqual([
      { type: 0, sum: 0.01 },
      { type: 1, sum: 599.99 },
      { type: 2, sum: 50 },
      { type: 3, sum: 50 },
    ]);
    expect(r.total).toBe(700);
  });

  it("sends a marking code base64-encoded as gs1m, as Bitrix's own v5 handler does", () => {
    const marked = { ...consultation.items[0]!, paymentObject: 33, markCode: "0104601234567893215Qbag!\u001d93Zjqw" };
    const item = receiptOf(toAtolDocument({ ...consultation, items: [marked] }, { externalId: "x", now })).items[0];
    expect(item.mark_code).toEqual({ gs1m: "MDEwNDYwMTIzNDU2Nzg5MzIxNVFiYWchHTkzWmpxdw==" });
    expect(item.mark_processing_mode).toBe("0");
    expect(item.payment_object).toBe(33);
  });

  it("sends the phone with its + and both contacts when both are known", () => {
    expect(receiptOf(toAtolDocument({ ...consultation, client: { phone: "79123456789" } }, { externalId: "x", now })).client).toEqual({ phone: "+79123456789" });
    expect(receiptOf(toAtolDocument({ ...consultation, client: { email: "a@b.ru", phone: "+79123456789" } }, { externalId: "x", now })).client).toEqual({
      email: "a@b.ru",
      phone: "+79123456789",
    });
    expect(receiptOf(toAtolDocument({ ...consultation, client: {} }, { externalId: "x", now }))).not.toHaveProperty("client");
  });

  it("builds a correction with correction_info instead of a receipt", () => {
    const doc = toAtolDocument(
      { ...consultation, operation: "sell_refund_correction", checkType: "correction", correction: { type: "instruction", baseDate: "2026-03-05", baseNumber: "АБ-4-20/123" } },
      { externalId: "corr-1", now },
    );
    expect(doc).not.toHaveProperty("receipt");
    expect(doc.correction).toMatchObject({
      correction_info: { type: "instruction", base_date: "05.03.2026", base_number: "АБ-4-20/123" },
      items: sellRequest.body.receipt.items,
      payments: [{ type: 1, sum: 1000 }],
      total: 1000,
      company: sellRequest.body.receipt.company,
    });
    const self = toAtolDocument({ ...consultation, operation: "sell_correction", correction: { type: "self", baseDate: "2025-12-31" } }, { externalId: "c", now });
    expect((self.correction as any).correction_info).toEqual({ type: "self", base_date: "31.12.2025" });
  });

  it("refuses to build a correction without its info", () => {
    expect(() => toAtolDocument({ ...consultation, operation: "sell_correction" }, { externalId: "c", now })).toThrow();
  });
});

describe("Moscow timestamps", () => {
  it("formats unix ms as Moscow time, across a day and a year boundary", () => {
    expect(formatMoscowTimestamp(now)).toBe("21.08.2026 14:05:00");
    expect(formatMoscowTimestamp(Date.UTC(2025, 11, 31, 21, 0, 0))).toBe("01.01.2026 00:00:00");
    expect(formatMoscowTimestamp(Date.UTC(2026, 0, 1, 20, 59, 59))).toBe("01.01.2026 23:59:59");
  });

  it("parses ATOL's naive Moscow time", () => {
    expect(parseMoscowTimestamp("03.08.2018 23:21:00")).toBe(Date.UTC(2018, 7, 3, 20, 21, 0));
    expect(parseMoscowTimestamp("01.01.2026 02:00:00")).toBe(Date.UTC(2025, 11, 31, 23, 0, 0));
  });

  it.each(["31.02.2026 10:00:00", "2026-08-21 14:05:00", "21.08.2026 24:00:00", "21.08.2026 14:60:00", "", undefined])("rejects %j", (value) => {
    expect(parseMoscowTimestamp(value)).toBeUndefined();
  });
});

describe("fromAtolReport", () => {
  it("reads the lamoda done report into fiscal data", () => {
    expect(fromAtolReport(doneLamoda.body)).toEqual({
      kind: "done",
      fiscal: {
        regNumberKkt: "0000000005020922",
        fnNumber: "9999078900006211",
        fiscalDocNumber: 132896,
        fiscalDocAttr: "1313456287",
        fiscalReceiptNumber: 425,
        shiftNumber: 173,
        fiscalAt: Date.UTC(2018, 7, 3, 20, 21, 0),
        fiscalAtRaw: "03.08.2018 23:21:00",
        totalKop: 100_010,
        test: true,
      },
    });
  });

  it("keeps the OFD link and does not call a real ФН a test one", () => {
    expect(fromAtolReport(donePdf.body)).toEqual({
      kind: "done",
      fiscal: {
        regNumberKkt: "0000111118041361",
        fnNumber: "1110000100238211",
        fiscalDocNumber: 133,
        fiscalDocAttr: "3449555941",
        fiscalReceiptNumber: 6,
        shiftNumber: 23,
        fiscalAt: Date.UTC(2017, 3, 12, 17, 16, 0),
        fiscalAtRaw: "12.04.2017 20:16:00",
        totalKop: 159_800,
        ofdReceiptUrl: "https://consumer.1-ofd.ru/v1?fn=9288000100014915&fp=3004144185&i=108&t=20180522T122800&s=4500.00&n=1",
      },
    });
  });

  it("is pending while the receipt waits (error 34) or was already known (33)", () => {
    expect(fromAtolReport(wait34.body)).toEqual({ kind: "pending" });
    expect(fromAtolReport(duplicate33.body)).toEqual({ kind: "pending" });
  });

  it("asks for a new external_id after the queue timeout", () => {
    expect(fromAtolReport(failTimeout.body)).toEqual({ kind: "failed", message: "Истекло время ожидания обработки чека", code: "1", newIdNeeded: true });
  });

  it("does not retry an INN mismatch by itself", () => {
    expect(fromAtolReport(fail2009.body)).toEqual({
      kind: "failed",
      message: "ИНН, указанный в чеке 1234567891, не соответствует ИНН группы касс 5544332219. Попыток регистрировать чек не производилось.",
      code: "2009",
      newIdNeeded: false,
    });
  });

  it("does not retry a validation failure: the same body would fail again", () => {
    expect(fromAtolReport(error32.body)).toMatchObject({ kind: "failed", code: "32", newIdNeeded: false });
  });

  it.each([
    ["driver", 35, true], // дата и время: the device, not the receipt
    ["driver", 16, false], // неверная цена (сумма)
    ["driver", -16, false],
    ["driver", 243, false],
    ["agent", 3, true],
    ["agent", 2, false],
    ["system", 1, true],
    ["system", 50, true],
    ["unknown", 0, false],
  ] as const)("classifies a %s error %d: new id helps = %s", (type, code, newIdNeeded) => {
    expect(fromAtolReport({ status: "fail", error: { code, text: "x", type } })).toMatchObject({ kind: "failed", newIdNeeded, code: String(code) });
  });

  it("falls back to a Russian message and the error type when ATOL gives neither text nor code", () => {
    expect(fromAtolReport({ status: "fail", error: { type: "timeout" } })).toEqual({ kind: "failed", message: "АТОЛ не зарегистрировал чек", code: "timeout", newIdNeeded: true });
  });

  it("reads an unknown uuid (system 30) as not found", () => {
    expect(fromAtolReport({ uuid: "u", status: "fail", error: { code: 30, text: "Не найден", type: "system" } })).toEqual({ kind: "not_found" });
  });

  it.each([
    ["a server error without status", error50.body],
    ["null", null],
    ["text", "<html>502</html>"],
    ["done without payload", { status: "done", payload: null }],
    ["done with a broken date", { ...doneLamoda.body, payload: { ...doneLamoda.body.payload, receipt_datetime: "2018-08-03T23:21:00" } }],
    ["done without the ФН number", { ...doneLamoda.body, payload: { ...doneLamoda.body.payload, fn_number: undefined } }],
    ["an unknown status", { status: "processing" }],
  ])("is unknown for %s", (_, body) => {
    expect(fromAtolReport(body)).toMatchObject({ kind: "unknown" });
  });
});
