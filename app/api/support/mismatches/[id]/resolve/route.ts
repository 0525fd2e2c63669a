// POST /api/support/mismatches/:id/resolve – mark resolved with a required note (idempotent); writes an audit row.
import { readJson } from "@/lib/http/handlers";
import { resolveMismatch, resolveSchema } from "@/lib/support/actions";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const POST = withConsole<{ id: string }>(async ({ req, db, portal, user, params }) => {
  const input = resolveSchema.parse(await readJson(req));
  const { item, changed } = await resolveMismatch({ db, portal, user }, params.id, input);
  return Response.json({ item: { id: item.id, status: item.status, note: item.note, assigneeId: item.assigneeId, resolvedBy: item.resolvedBy }, changed });
});
