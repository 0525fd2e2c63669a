// POST /api/readiness/ofd {cashboxId, ofd} – chooses the OFD of our Bitrix24 cashbox (Bitrix24 builds receipt links with it).
import { z } from "zod";
import { readJson, withSession } from "@/lib/http/handlers";
import { chooseOfd } from "@/lib/readiness/service";
import { OFD_CODES } from "@/lib/readiness/types";

export const runtime = "nodejs";

const body = z.object({ cashboxId: z.uuid({ error: "Неизвестная касса" }), ofd: z.enum(OFD_CODES, { error: "Выберите ОФД из списка" }) });

export const POST = withSession(async ({ req, db, user, portal }) => {
  const input = body.parse(await readJson(req));
  await chooseOfd(db, { user, portal }, input);
  return Response.json({ ok: true });
});
