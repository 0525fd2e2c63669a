// GET /api/mismatches?status=open – where CRM payments and receipts disagree, newest day first (support's queue:
// admins and named support only, like the console).
import { z } from "zod";
import { listMismatches } from "@/lib/db/queries/mismatches";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

const query = z.object({
  status: z.enum(["open", "resolved"], { error: "Статус: open или resolved" }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const GET = withConsole(async ({ req, db, portal }) => {
  const q = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  const rows = await listMismatches(db, { portalId: portal.id, statuses: q.status ? [q.status] : undefined, limit: q.limit });
  return Response.json({
    items: rows.map((m) => ({ ...m, portalId: undefined, firstSeenAt: m.firstSeenAt.toISOString(), lastSeenAt: m.lastSeenAt.toISOString() })),
  });
});
