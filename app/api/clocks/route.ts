// GET /api/clocks?days=7 – clock diagnostics: offsets of the portal, provider and fiscal-drive clocks over time, queue
// delays and the findings they explain (admins and support).
import { z } from "zod";
import { getClockDiagnostics } from "@/lib/clocks/diagnostics";
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

const query = z.object({ days: z.coerce.number({ error: "Период: число дней" }).int().min(1).max(31).default(7) });

export const GET = withSession(async ({ req, db, user, portal }) => {
  const q = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await getClockDiagnostics(db, { portal, user }, q));
});
