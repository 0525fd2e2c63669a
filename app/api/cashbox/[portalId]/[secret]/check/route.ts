// POST /api/cashbox/:portalId/:secret/check – CHECK_URL: WAIT / ERROR / DONE from the stored state.
import { readBitrixBody } from "@/lib/bitrix/form";
import { getDb } from "@/lib/db";
import { answerCheckRequest } from "@/lib/fiscal/check-status";
import { LIMITS, takeToken } from "@/lib/http/rate-limit";
import { log } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ portalId: string; secret: string }> };

// Always 200 with a valid STATUS: Bitrix24 counts anything else, even an error page, as "printed".
export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  try {
    const { portalId, secret } = await ctx.params;
    // Over the limit the answer is WAIT: Bitrix24 asks again later, and nothing is marked printed.
    if (!takeToken(`check:${portalId}`, LIMITS.check)) return Response.json({ STATUS: "WAIT" });
    const body = await readBitrixBody(req);
    // Bitrix24 sends lowercase `uuid`; its own tutorial reads `UUID`.
    const uuid = String(body.uuid ?? body.UUID ?? "").trim();
    return Response.json(await answerCheckRequest(await getDb(), { portalId, secret, uuid }));
  } catch (err) {
    log.warn("CHECK_URL answered WAIT after an error", { error: err });
    return Response.json({ STATUS: "WAIT" });
  }
}
