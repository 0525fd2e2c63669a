// GET /api/support/report?from=&to= – CRM payments vs receipts vs fiscal totals per portal-zone day, cashbox, VAT rate.
import { buildPortalReport, reportQuerySchema } from "@/lib/support/report-service";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const GET = withConsole(async ({ req, db, portal }) => {
  const q = reportQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await buildPortalReport(db, portal, q));
});
