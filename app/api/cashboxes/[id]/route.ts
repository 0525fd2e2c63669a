// GET|PATCH|DELETE /api/cashboxes/:id – one cashbox profile of the user's portal.
import { updateCashboxSchema } from "@/lib/cashboxes/schemas";
import { deleteCashbox, listCashboxes, updateCashbox } from "@/lib/cashboxes/service";
import { AppError } from "@/lib/http/errors";
import { readJson, withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

type P = { id: string };

export const GET = withSession<P>(async ({ db, user, params }) => {
  const item = (await listCashboxes(db, user)).find((c) => c.id === params.id);
  if (!item) throw new AppError("not_found", "Касса не найдена");
  return Response.json({ item });
});

export const PATCH = withSession<P>(async ({ req, db, user, params }) => {
  const input = updateCashboxSchema.parse(await readJson(req));
  return Response.json({ item: await updateCashbox(db, user, params.id, input) });
});

export const DELETE = withSession<P>(async ({ db, user, params }) => {
  await deleteCashbox(db, user, params.id);
  return Response.json({ ok: true });
});
