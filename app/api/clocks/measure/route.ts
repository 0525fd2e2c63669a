// POST /api/clocks/measure {days?} – «Измерить сейчас»: fresh samples of the portal's and every cashbox's clock, and the
// report with them (admins and support). A source that cannot be measured is listed in `failures`.
import { z } from "zod";
import { measureNow } from "@/lib/clocks/diagnostics";
import { readJson, withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

const body = z.object({ days: z.number({ error: "Период: число дней" }).int().min(1).max(31).default(7) });

export const POST = withSession(async ({ req, db, user, portal }) => {
  const b = body.parse(await readJson(req));
  return Response.json(await measureNow(db, { portal, user }, b));
});
