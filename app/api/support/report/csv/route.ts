// GET /api/support/report/csv?from=&to= – the same report as CSV for Russian Excel (BOM, `;`, decimal comma, totals).
import { buildPortalReport, csvFileName, portalReportCsv, reportQuerySchema } from "@/lib/support/report-service";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const GET = withConsole(async ({ req, db, portal, user }) => {
  const q = reportQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const { report, cashboxes } = await buildPortalReport(db, portal, q);
  return new Response(portalReportCsv(report, cashboxes, user.lang), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${csvFileName(report)}"`, "cache-control": "no-store" },
  });
});
