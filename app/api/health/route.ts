// GET /api/health – liveness plus a database round trip.
import { pingDb } from "@/lib/db/queries/health";
import { withDb } from "@/lib/http/handlers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withDb(async ({ db }) => {
  await pingDb(db);
  return Response.json({ ok: true });
});
