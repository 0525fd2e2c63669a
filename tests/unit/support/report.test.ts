import { describe, expect, it } from "vitest";
import { reportCsv, rublesCell, textCell, type CsvLabels } from "@/lib/support/csv";
import { dayStartUtc, daysBetween } from "@/lib/support/days";
import { buildReport, type ReportReceiptInput } from "@/lib/support/report";

// The daily reconciliation report: days cut in the portal's zone, money not document totals, refunds negative,
// payments filed under their receipt's cashbox, and a CSV whose totals row is the report's totals.

const ZONE = "Asia/Yekaterinburg"; // UTC+5
const at = (local: string) => Date.parse(`${local}+05:00`);

function receipt(over: Partial<ReportReceiptInput> & Pick<ReportReceiptInput, "id">): ReportReceiptInput {
  return {
    profileId: "box-a",
    paymentId: null,
    operation: "sell",
    status: "done",
    totalKop: 100_000,
    payments: [{ type: "cashless", sumKop: 100_000 }],
    items: [{ vat: "vat22", sumKop: 100_000 }],
    requestedAt: at("2026-03-10T12:00:00"),
    fiscalAt: at("2026-03-10T12:01:00"),
    fiscalTotalKop: null,
    ...over,
  };
}

const labels: CsvLabels = {
  cashbox: (id) => (id === "box-a" ? "Касса; основная" : id === "box-b" ? "=HYPERLINK()" : "Без чека"),
  vat: (v) => v,
  headers: { day: "Дата", cashbox: "Касса", payments: "Оплаты", receipts: "Чеки", fiscal: "Касса", receiptsVsPayments: "Ч−О", fiscalVsReceipts: "К−Ч", vatReceipts: "Чеки НДС", vatFiscal: "Касса НДС", total: "Итого" },
};

describe("buildReport", () => {
  it("puts a payment at 23:59 portal time and its receipt fiscalised after midnight on two days, differences on both", () => {
    const r = buildReport({
      from: "2026-03-10",
      to: "2026-03-11",
      zone: ZONE,
      payments: [{ paymentId: 7, sumKop: 100_000, paidAt: at("2026-03-10T23:59:00") }],
      receipts: [receipt({ id: "r1", paymentId: 7, requestedAt: at("2026-03-10T23:59:30"), fiscalAt: at("2026-03-11T00:02:00") })],
    });
    expect(r.days.map((d) => [d.day, d.paymentsKop, d.receiptsKop, d.fiscalKop, d.fiscalVsReceiptsKop])).toEqual([
      ["2026-03-10", 100_000, 100_000, 0, -100_000],
      ["2026-03-11", 0, 0, 100_000, 100_000],
    ]);
    expect(r.totals).toEqual({ paymentsKop: 100_000, receiptsKop: 100_000, fiscalKop: 100_000, receiptsVsPaymentsKop: 0, fiscalVsReceiptsKop: 0 });
    expect(r.byCashbox).toEqual([expect.objectContaining({ profileId: "box-a", paymentsKop: 100_000 })]);
  });

  it("counts an offset receipt's advance part as no money, refunds negative, and keeps failed receipts out of fiscal", () => {
    const r = buildReport({
      from: "2026-03-10",
      to: "2026-03-10",
      zone: ZONE,
      payments: [{ paymentId: 1, sumKop: 50_000, paidAt: at("2026-03-10T10:00:00") }],
      receipts: [
        receipt({ id: "advance", paymentId: 1, totalKop: 50_000, payments: [{ type: "cashless", sumKop: 50_000 }], items: [{ vat: "vat122", sumKop: 50_000 }] }),
        receipt({ id: "offset", totalKop: 50_000, payments: [{ type: "advance", sumKop: 50_000 }], items: [{ vat: "vat22", sumKop: 50_000 }] }),
        receipt({ id: "refund", operation: "sell_refund", totalKop: 10_000, payments: [{ type: "cashless", sumKop: 10_000 }], items: [{ vat: "vat22", sumKop: 10_000 }] }),
        receipt({ id: "failed", status: "failed", fiscalAt: null, totalKop: 7_000, payments: [{ type: "cash", sumKop: 7_000 }], items: [{ vat: "none", sumKop: 7_000 }] }),
      ],
    });
    expect(r.totals.paymentsKop).toBe(50_000);
    expect(r.totals.receiptsKop).toBe(50_000 + 0 - 10_000 + 7_000);
    expect(r.totals.fiscalKop).toBe(50_000 + 0 - 10_000);
    expect(r.byVat).toEqual([
      { vat: "vat22", receiptsKop: 40_000, fiscalKop: 40_000 },
      { vat: "none", receiptsKop: 7_000, fiscalKop: 0 },
      { vat: "vat122", receiptsKop: 50_000, fiscalKop: 50_000 },
    ]);
  });

  it("uses the fiscal document's own total when the provider reported a different one", () => {
    const r = buildReport({ from: "2026-03-10", to: "2026-03-10", zone: ZONE, payments: [], receipts: [receipt({ id: "x", fiscalTotalKop: 99_999 })] });
    expect(r.totals.fiscalVsReceiptsKop).toBe(-1);
  });

  it("leaves out amounts outside the period, lists every day of it, and files payments without a receipt under no cashbox", () => {
    const r = buildReport({
      from: "2026-03-10",
      to: "2026-03-12",
      zone: ZONE,
      payments: [
        { paymentId: 1, sumKop: 1_00, paidAt: at("2026-03-09T23:00:00") },
        { paymentId: 2, sumKop: 2_00, paidAt: at("2026-03-12T08:00:00") },
      ],
      receipts: [],
    });
    expect(r.days.map((d) => d.day)).toEqual(["2026-03-10", "2026-03-11", "2026-03-12"]);
    expect(r.totals.paymentsKop).toBe(2_00);
    expect(r.days[2]!.cells).toEqual([expect.objectContaining({ profileId: null, paymentsKop: 2_00, receiptsVsPaymentsKop: -2_00 })]);
  });
});

describe("reportCsv", () => {
  const report = buildReport({
    from: "2026-03-10",
    to: "2026-03-10",
    zone: ZONE,
    payments: [{ paymentId: 3, sumKop: 33_333, paidAt: at("2026-03-10T09:00:00") }],
    receipts: [
      receipt({ id: "a", paymentId: 3, totalKop: 33_333, payments: [{ type: "cashless", sumKop: 33_333 }], items: [{ vat: "vat22", sumKop: 33_333 }] }),
      receipt({ id: "b", profileId: "box-b", operation: "sell_refund", totalKop: 5, payments: [{ type: "cash", sumKop: 5 }], items: [{ vat: "vat20", sumKop: 5 }] }),
    ],
  });
  const csv = reportCsv(report, labels);
  const rows = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");

  it("starts with a BOM, uses ';' and CRLF, and defuses text that Excel would run as a formula", () => {
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(rows[0]).toBe("Дата;Касса;Оплаты;Чеки;Касса;Ч−О;К−Ч;Чеки НДС vat22;Касса НДС vat22;Чеки НДС vat20;Касса НДС vat20");
    expect(rows[1]).toBe('2026-03-10;"Касса; основная";333,33;333,33;333,33;0,00;0,00;333,33;333,33;0,00;0,00');
    expect(rows[2]).toBe("2026-03-10;'=HYPERLINK();0,00;-0,05;-0,05;-0,05;0,00;0,00;0,00;-0,05;-0,05");
  });

  it("ends with a totals row equal to the report's totals", () => {
    const total = rows.at(-1)!.split(";");
    expect(total.slice(0, 7)).toEqual(["Итого", "", "333,33", "333,28", "333,28", "-0,05", "0,00"]);
    const t = report.totals;
    expect(total.slice(2, 7)).toEqual([t.paymentsKop, t.receiptsKop, t.fiscalKop, t.receiptsVsPaymentsKop, t.fiscalVsReceiptsKop].map(rublesCell));
  });

  it("formats kopecks as rubles without floating point", () => {
    expect([0, 1, -1, 100, 123_456_789_01, -1000_00].map(rublesCell)).toEqual(["0,00", "0,01", "-0,01", "1,00", "123456789,01", "-1000,00"]);
    expect(textCell('a"b')).toBe('"a""b"');
    expect(textCell("-5")).toBe("'-5");
  });
});

describe("portal-zone days", () => {
  it("starts a day at local midnight in the zone, across a DST change too", () => {
    expect(new Date(dayStartUtc("2026-03-10", ZONE)).toISOString()).toBe("2026-03-09T19:00:00.000Z");
    expect(new Date(dayStartUtc("2026-01-01", "Europe/Moscow")).toISOString()).toBe("2025-12-31T21:00:00.000Z");
    expect(new Date(dayStartUtc("2026-03-29", "Europe/Berlin")).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(new Date(dayStartUtc("2026-03-30", "Europe/Berlin")).toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(daysBetween("2025-12-30", "2026-01-02")).toEqual(["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"]);
  });
});
