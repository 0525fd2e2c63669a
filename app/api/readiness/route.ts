// GET /api/readiness[?cashboxId=…] – the readiness check: a status per item and what to do about each failing one (admins).
import { z } from "zod";
import { withSession } from "@/lib/http/handlers";
import { getReadiness } from "@/lib/readiness/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ cashboxId: z.uuid({ error: "Неизвестная касса" }).optional() });

export const GET = withSession(async ({ req, db, user, portal }) => {
  const q = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await getReadiness(db, { user, portal }, q.cashboxId));
});
