// GET /api/support/report/csv?from=&to= – the same report as CSV for Russian Excel (BOM, `;`, decimal comma, totals).
import { buildPortalReportCsv, reportQuerySchema } from "@/lib/support/report-service";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const GET = withConsole(async ({ req, db, portal, user }) => {
  const q = reportQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const { csv, fileName } = await buildPortalReportCsv(db, portal, q, user.lang);
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "no-store" },
  });
});
