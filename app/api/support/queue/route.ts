// GET /api/support/queue?kind=&cause=&status=&from=&to=&deal=&cashbox=&page= – mismatches and failed receipts, one list.
import { listQueue, queueQuerySchema } from "@/lib/support/queue";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const GET = withConsole(async ({ req, db, portal }) => {
  const q = queueQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listQueue(db, portal, q));
});
