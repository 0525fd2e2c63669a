import type { AuthOptions } from "next-auth";
import { env } from "@/lib/env";
import { SESSION_COOKIE, SESSION_MAX_AGE_SEC, type SessionUser } from "./session";

const iframeCookie = { httpOnly: true, sameSite: "none" as const, secure: true, path: "/", partitioned: true };

/**
 * next-auth configuration. Users never sign in through next-auth's own pages: the frame entry
 * (/api/bitrix/app) verifies Bitrix24 and mints the session token; next-auth serves it back (/api/auth/session).
 * Built per request because the secret comes from the lazily parsed environment.
 */
export function authOptions(): AuthOptions {
  return {
    secret: env().APP_SECRET,
    providers: [],
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SEC },
    useSecureCookies: true,
    cookies: {
      sessionToken: { name: SESSION_COOKIE, options: iframeCookie },
      csrfToken: { name: "__Host-next-auth.csrf-token", options: iframeCookie },
      callbackUrl: { name: "__Secure-next-auth.callback-url", options: { ...iframeCookie, httpOnly: false } },
    },
    callbacks: {
      session({ session, token }) {
        const b24 = token.b24 as SessionUser | undefined;
        return { ...session, user: { name: b24?.name ?? null }, b24 } as typeof session;
      },
    },
  };
}
