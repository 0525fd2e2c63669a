// GET /api/payments/status – when CRM payments were last synced and how far the post-install backfill got.
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

export const GET = withSession(async ({ portal }) =>
  Response.json({ syncedAt: portal.paymentsSyncedAt?.toISOString() ?? null, backfill: portal.backfill ?? { status: "running", done: 0, total: null } }),
);
