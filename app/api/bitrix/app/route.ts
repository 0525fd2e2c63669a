// POST /api/bitrix/app – frame entry: Bitrix24 opens the app and its placements with a form POST.
import { BEARER_MAX_AGE_SEC, mintSessionToken, sessionCookie } from "@/lib/auth/session";
import { readBitrixBody } from "@/lib/bitrix/form";
import { getDb } from "@/lib/db";
import { AppError, toErrorResponse } from "@/lib/http/errors";
import { verifyFrameEntry } from "@/lib/portals/frame-entry";
import { deniedPage } from "./denied-page";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  try {
    const entry = await verifyFrameEntry(await getDb(), { query: new URL(req.url).searchParams, form: await readBitrixBody(req) });
    const cookieToken = await mintSessionToken(entry.user);
    // The bearer rides in the fragment: it never reaches a server log or a Referer header.
    const bearer = await mintSessionToken(entry.user, BEARER_MAX_AGE_SEC);
    return new Response(null, { status: 303, headers: { location: `${entry.path}#token=${bearer}`, "set-cookie": sessionCookie(cookieToken) } });
  } catch (err) {
    if (err instanceof AppError && err.status === 401) return deniedPage(err.message);
    return toErrorResponse(err);
  }
}

// The Market checks the app URL with HEAD/GET; outside Bitrix24 it leads to the landing page.
export async function GET(): Promise<Response> {
  return new Response(null, { status: 302, headers: { location: "/" } });
}
