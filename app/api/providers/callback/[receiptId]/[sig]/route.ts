// POST /api/providers/callback/:receiptId/:sig – a provider says a document is ready: poll it now.
import { getDb } from "@/lib/db";
import { handleProviderCallback } from "@/lib/fiscal/callback";
import { nudgeDrain } from "@/lib/fiscal/nudge";
import { toErrorResponse } from "@/lib/http/errors";

export const runtime = "nodejs";
export const maxDuration = 60;

type Ctx = { params: Promise<{ receiptId: string; sig: string }> };

export async function POST(_req: Request, ctx: Ctx): Promise<Response> {
  try {
    const { receiptId, sig } = await ctx.params;
    await handleProviderCallback(await getDb(), { receiptId, sig });
    nudgeDrain();
    return Response.json({ ok: true });
  } catch (err) {
    return toErrorResponse(err);
  }
}
