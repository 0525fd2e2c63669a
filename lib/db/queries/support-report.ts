import { and, eq, gte, lt, or, sql } from "drizzle-orm";
import type { DomainReceipt, FiscalResult } from "@/lib/receipts/types";
import type { Db } from "../client";
import { crmPayments, receipts } from "../schema";

// Rows for the reconciliation report (lib/support/report.ts): paid payments of the period, and receipts requested or
// fiscalised in it — only the columns the report reads (no Bitrix payload, no company details).

/** Receipts requested this long before the period may be fiscalised inside it, and the other way round. */
const EDGE_MS = 2 * 86_400_000;

export async function loadReportInputs(db: Db, p: { portalId: string; from: Date; to: Date }) {
  const payments = db
    .select({ paymentId: crmPayments.paymentId, sumKop: crmPayments.sumKop, datePaid: crmPayments.datePaid })
    .from(crmPayments)
    .where(and(eq(crmPayments.portalId, p.portalId), eq(crmPayments.paid, true), gte(crmPayments.datePaid, p.from), lt(crmPayments.datePaid, p.to)));
  const rows = db
    .select({
      id: receipts.id,
      profileId: receipts.profileId,
      paymentId: receipts.paymentId,
      operation: receipts.operation,
      status: receipts.status,
      totalKop: receipts.totalKop,
      items: sql<DomainReceipt["items"]>`${receipts.receipt}->'items'`,
      payments: sql<DomainReceipt["payments"]>`${receipts.receipt}->'payments'`,
      fiscal: sql<FiscalResult | null>`${receipts.fiscal}`,
      createdAt: receipts.createdAt,
      bitrixCreatedAt: receipts.bitrixCreatedAt,
      fiscalAt: receipts.fiscalAt,
    })
    .from(receipts)
    .where(
      and(
        eq(receipts.portalId, p.portalId),
        or(
          and(gte(receipts.createdAt, new Date(p.from.getTime() - EDGE_MS)), lt(receipts.createdAt, new Date(p.to.getTime() + EDGE_MS))),
          and(gte(receipts.fiscalAt, p.from), lt(receipts.fiscalAt, p.to)),
        ),
      ),
    );
  const [paymentRows, receiptRows] = await Promise.all([payments, rows]);
  return { payments: paymentRows, receipts: receiptRows };
}
