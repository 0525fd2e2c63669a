// POST /api/cashbox/:portalId/:secret/print – PRINT_URL: store the receipt and its job, answer {UUID} or {ERRORS}.
import { readBitrixBody } from "@/lib/bitrix/form";
import { getDb } from "@/lib/db";
import { acceptPrintRequest } from "@/lib/fiscal/accept-receipt";
import { nudgeDrain } from "@/lib/fiscal/nudge";
import { AppError } from "@/lib/http/errors";
import { LIMITS, takeToken } from "@/lib/http/rate-limit";
import { log } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 60;

/** 100 positions with marking codes fit well below this; anything bigger is not from Bitrix24. */
const MAX_PRINT_BYTES = 1024 * 1024;

type Ctx = { params: Promise<{ portalId: string; secret: string }> };

// Always 200: any other status leaves the check stuck in Bitrix24 ("printing" forever).
export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  try {
    const { portalId, secret } = await ctx.params;
    if (!takeToken(`print:${portalId}`, LIMITS.print)) return Response.json({ ERRORS: ["Слишком много чеков за секунду — повторите печать"] });
    const answer = await acceptPrintRequest(await getDb(), { portalId, secret, body: await readBitrixBody(req, MAX_PRINT_BYTES) });
    if ("UUID" in answer) nudgeDrain();
    return Response.json(answer);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return Response.json({ ERRORS: [err.message] }, { status: err.status === 413 ? 413 : 200 });
    log.error("PRINT_URL failed", { error: err });
    return Response.json({ ERRORS: ["Временная ошибка приложения «Облачная касса». Повторите печать чека."] });
  }
}
