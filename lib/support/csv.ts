import type { Report } from "./report";

// The report as a CSV that Russian Excel opens by double-click: UTF-8 with a BOM (or Cyrillic turns to mojibake),
// `;` between fields and a decimal comma (the ru-RU list and decimal separators), CRLF lines, a totals row at the end
// that adds up exactly what the page shows. Pure.

export interface CsvLabels {
  cashbox: (profileId: string | null) => string;
  vat: (code: string) => string;
  headers: { day: string; cashbox: string; payments: string; receipts: string; fiscal: string; receiptsVsPayments: string; fiscalVsReceipts: string; vatReceipts: string; vatFiscal: string; total: string };
}

/** Rubles from kopecks with two decimals and a decimal comma, without floating point: -123456 → "-1234,56". */
export function rublesCell(kop: number): string {
  const abs = Math.abs(kop);
  return `${kop < 0 ? "-" : ""}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

/** Quotes a text field when needed; a leading = + - @ is defused so Excel never runs a cashbox name as a formula. */
export function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function reportCsv(report: Report, labels: CsvLabels): string {
  const h = labels.headers;
  const header = [h.day, h.cashbox, h.payments, h.receipts, h.fiscal, h.receiptsVsPayments, h.fiscalVsReceipts];
  for (const v of report.vatCodes) header.push(`${h.vatReceipts} ${labels.vat(v)}`, `${h.vatFiscal} ${labels.vat(v)}`);
  const lines = [header.map(textCell).join(";")];
  const vatCells = (vats: Report["byVat"]) => report.vatCodes.flatMap((code) => {
    const v = vats.find((x) => x.vat === code);
    return [rublesCell(v?.receiptsKop ?? 0), rublesCell(v?.fiscalKop ?? 0)];
  });
  for (const day of report.days) {
    for (const c of day.cells) {
      lines.push(
        [textCell(day.day), textCell(labels.cashbox(c.profileId)), ...[c.paymentsKop, c.receiptsKop, c.fiscalKop, c.receiptsVsPaymentsKop, c.fiscalVsReceiptsKop].map(rublesCell), ...vatCells(c.vats)].join(";"),
      );
    }
  }
  const t = report.totals;
  lines.push([textCell(h.total), "", ...[t.paymentsKop, t.receiptsKop, t.fiscalKop, t.receiptsVsPaymentsKop, t.fiscalVsReceiptsKop].map(rublesCell), ...vatCells(report.byVat)].join(";"));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
