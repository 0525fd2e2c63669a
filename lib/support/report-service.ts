import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { loadReportInputs } from "@/lib/db/queries/support-report";
import type { Portal } from "@/lib/db/schema";
import { t, type Lang } from "@/lib/i18n";
import { reportCsv } from "./csv";
import { dayStartUtc, nextDay, portalZone, recentPeriod } from "./days";
import { buildReport, type Report } from "./report";

// Loads a period's rows and builds the report; the page and the CSV export go through the same function, so their
// totals cannot drift apart.

const MAX_DAYS = 92;

export const reportQuerySchema = z
  .object({
    from: z.iso.date({ error: "Дата «с» — в формате ГГГГ-ММ-ДД" }).optional(),
    to: z.iso.date({ error: "Дата «по» — в формате ГГГГ-ММ-ДД" }).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "Дата «с» позже даты «по»", path: ["from"] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) < MAX_DAYS * 86_400_000, { message: `Период отчёта — не больше ${MAX_DAYS} дней`, path: ["to"] });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export async function buildPortalReport(db: Db, portal: Portal, q: ReportQuery, now = Date.now()) {
  const zone = portalZone(portal.timezone);
  const fallback = recentPeriod(now, zone, 7);
  const from = q.from ?? (q.to && q.to < fallback.from ? q.to : fallback.from);
  const to = q.to ?? (from > fallback.to ? from : fallback.to);
  const [inputs, profiles] = await Promise.all([
    loadReportInputs(db, { portalId: portal.id, from: new Date(dayStartUtc(from, zone)), to: new Date(dayStartUtc(nextDay(to), zone)) }),
    listProfiles(db, portal.id),
  ]);
  const report = buildReport({
    from,
    to,
    zone,
    payments: inputs.payments.map((p) => ({ paymentId: p.paymentId, sumKop: p.sumKop, paidAt: p.datePaid!.getTime() })),
    receipts: inputs.receipts.map((r) => ({
      id: r.id,
      profileId: r.profileId,
      paymentId: r.paymentId,
      operation: r.operation,
      status: r.status,
      totalKop: r.totalKop,
      items: r.items ?? [],
      payments: r.payments ?? [],
      requestedAt: (r.bitrixCreatedAt ?? r.createdAt).getTime(),
      fiscalAt: (r.fiscalAt ?? (r.fiscal ? new Date(r.fiscal.fiscalAt) : null))?.getTime() ?? null,
      fiscalTotalKop: r.fiscal?.totalKop ?? null,
    })),
  });
  return { report, cashboxes: profiles.map((p) => ({ id: p.id, name: p.name })) };
}

export function portalReportCsv(report: Report, cashboxes: Array<{ id: string; name: string }>, lang: Lang): string {
  const names = new Map(cashboxes.map((c) => [c.id, c.name]));
  return reportCsv(report, {
    cashbox: (id) => (id ? (names.get(id) ?? id) : t(lang, "support.report.noCashbox")),
    vat: (code) => t(lang, `support.vat.${code}` as never),
    headers: {
      day: t(lang, "support.report.col.day"),
      cashbox: t(lang, "support.report.col.cashbox"),
      payments: t(lang, "support.report.col.payments"),
      receipts: t(lang, "support.report.col.receipts"),
      fiscal: t(lang, "support.report.col.fiscal"),
      receiptsVsPayments: t(lang, "support.report.col.receiptsVsPayments"),
      fiscalVsReceipts: t(lang, "support.report.col.fiscalVsReceipts"),
      vatReceipts: t(lang, "support.report.col.vatReceipts"),
      vatFiscal: t(lang, "support.report.col.vatFiscal"),
      total: t(lang, "support.report.total"),
    },
  });
}

/** The CSV export: the same report as the page, as a file for Russian Excel. */
export async function buildPortalReportCsv(db: Db, portal: Portal, q: ReportQuery, lang: Lang) {
  const { report, cashboxes } = await buildPortalReport(db, portal, q);
  return { csv: portalReportCsv(report, cashboxes, lang), fileName: `sverka_${report.from}_${report.to}.csv` };
}
