// GET|POST /api/cron/drain – scheduled outbox drain, the safety net behind the after() nudges.
import { drainOutbox } from "@/lib/fiscal/drain";
import { withCron } from "@/lib/http/handlers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 60;

const handler = withCron(async ({ db }) => Response.json({ ok: true, ...(await drainOutbox(db, { budgetMs: 45_000 })) }));

export { handler as GET, handler as POST };
