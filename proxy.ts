import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { frameAncestors } from "@/lib/http/frame-ancestors";

// Sets the framing policy per request, so B24_FRAME_ANCESTORS takes effect at run time, not only at build time.
export function proxy() {
  const res = NextResponse.next();
  res.headers.set("Content-Security-Policy", `frame-ancestors ${frameAncestors(env().B24_FRAME_ANCESTORS)}`);
  return res;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
