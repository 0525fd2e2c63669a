// POST /api/bitrix/install – the install page Bitrix24 opens (form POST): store the portal, register, then finish.
import { readBitrixBody } from "@/lib/bitrix/form";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { installPortal } from "@/lib/portals/install";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Both outcomes land on /install, a page that calls installFinish or explains the failure: never a blank frame.
export async function POST(req: Request): Promise<Response> {
  try {
    await installPortal(await getDb(), { query: new URL(req.url).searchParams, form: await readBitrixBody(req) });
    return redirect("/install?status=ok");
  } catch (err) {
    const message = err instanceof AppError ? err.message : "Не удалось завершить установку. Попробуйте ещё раз.";
    if (!(err instanceof AppError) || err.status >= 500) log.error("install failed", { error: err });
    return redirect(`/install?status=error&message=${encodeURIComponent(message)}`);
  }
}

export async function GET(): Promise<Response> {
  return redirect(`/install?status=error&message=${encodeURIComponent("Установка запускается из Битрикс24")}`);
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}
