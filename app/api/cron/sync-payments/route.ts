// GET|POST /api/cron/sync-payments – scheduled CRM payments sync (offline events, backfill) for every portal.
import { syncAllPortals } from "@/lib/deals/sync-all";
import { withCron } from "@/lib/http/handlers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 60;

const handler = withCron(async ({ db }) => Response.json({ ok: true, ...(await syncAllPortals(db)) }));

export { handler as GET, handler as POST };
