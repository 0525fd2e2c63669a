// POST /api/readiness/test-receipt {cashboxId} – a 1 ₽ test receipt through the real pipeline (test-mode cashbox only).
import { z } from "zod";
import { nudgeDrain } from "@/lib/fiscal/nudge";
import { readJson, withSession } from "@/lib/http/handlers";
import { startTestReceipt } from "@/lib/readiness/service";

export const runtime = "nodejs";

const body = z.object({ cashboxId: z.uuid({ error: "Неизвестная касса" }) });

export const POST = withSession(async ({ req, db, user, portal }) => {
  const { cashboxId } = body.parse(await readJson(req));
  const receipt = await startTestReceipt(db, { user, portal }, cashboxId);
  nudgeDrain();
  return Response.json({ id: receipt.id, status: receipt.status }, { status: 201 });
});
