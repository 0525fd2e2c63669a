// POST /api/receipts/:id/correction – a correction receipt (self / by order, base date, base number), admins and support.
import { nudgeDrain } from "@/lib/fiscal/nudge";
import { toReceiptView } from "@/lib/fiscal/receipt-view";
import { correctionSchema, startCorrection } from "@/lib/fiscal/start-receipt";
import { readJson, withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";
export const maxDuration = 60;

export const POST = withSession<{ id: string }>(async ({ req, db, user, portal, params }) => {
  const input = correctionSchema.parse(await readJson(req));
  const correction = await startCorrection(db, { user, portal }, params.id, input);
  nudgeDrain();
  return Response.json({ item: toReceiptView(correction) }, { status: 201 });
});
