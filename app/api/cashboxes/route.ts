// GET /api/cashboxes – the portal's cashbox profiles; POST – create one (admins).
import { createCashboxSchema } from "@/lib/cashboxes/schemas";
import { createCashbox, listCashboxes } from "@/lib/cashboxes/service";
import { readJson, withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

export const GET = withSession(async ({ db, user, portal }) => Response.json({ items: await listCashboxes(db, { user, portal }) }));

export const POST = withSession(async ({ req, db, user, portal }) => {
  const input = createCashboxSchema.parse(await readJson(req));
  return Response.json({ item: await createCashbox(db, { user, portal }, input) }, { status: 201 });
});
