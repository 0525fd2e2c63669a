// GET|PATCH|DELETE /api/cashboxes/:id – one cashbox profile of the user's portal.
import { updateCashboxSchema } from "@/lib/cashboxes/schemas";
import { deleteCashbox, getCashbox, updateCashbox } from "@/lib/cashboxes/service";
import { readJson, withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

type P = { id: string };

export const GET = withSession<P>(async ({ db, user, portal, params }) => Response.json({ item: await getCashbox(db, { user, portal }, params.id) }));

export const PATCH = withSession<P>(async ({ req, db, user, portal, params }) => {
  const input = updateCashboxSchema.parse(await readJson(req));
  return Response.json({ item: await updateCashbox(db, { user, portal }, params.id, input) });
});

export const DELETE = withSession<P>(async ({ db, user, portal, params }) => {
  await deleteCashbox(db, { user, portal }, params.id);
  return Response.json({ ok: true });
});
