// POST /api/bitrix/events – ONAPPINSTALL / ONAPPUNINSTALL from Bitrix24 (form POST, bracket nesting).
import { readBitrixBody } from "@/lib/bitrix/form";
import { withDb } from "@/lib/http/handlers";
import { handleAppEvent } from "@/lib/portals/app-events";

export const runtime = "nodejs";

export const POST = withDb(async ({ req, db }) => {
  const result = await handleAppEvent(db, await readBitrixBody(req));
  return Response.json({ ok: true, handled: result.handled });
});
