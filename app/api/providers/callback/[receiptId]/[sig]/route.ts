// POST /api/providers/callback/:receiptId/:sig – a provider says a document is ready (ATOL posts its report).
import { getDb } from "@/lib/db";
import { handleProviderCallback } from "@/lib/fiscal/callback";
import { nudgeDrain } from "@/lib/fiscal/nudge";
import { toErrorResponse } from "@/lib/http/errors";
import { readJson } from "@/lib/http/handlers";

export const runtime = "nodejs";
export const maxDuration = 60;

type Ctx = { params: Promise<{ receiptId: string; sig: string }> };

export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  try {
    const { receiptId, sig } = await ctx.params;
    // An unreadable body still nudges the poll.
    const body = await readJson(req).catch(() => undefined);
    await handleProviderCallback(await getDb(), { receiptId, sig, body });
    nudgeDrain();
    return Response.json({ ok: true });
  } catch (err) {
    return toErrorResponse(err);
  }
}
