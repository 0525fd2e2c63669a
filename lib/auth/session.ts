import { decode, encode } from "next-auth/jwt";
import { env } from "@/lib/env";

// Sessions are next-auth JWTs (encrypted with APP_SECRET) minted by the frame entry. The same token travels as
// the next-auth session cookie (SameSite=None; Secure; Partitioned, for the Bitrix24 iframe) and, for browsers
// that block third-party cookies, as a short-lived bearer token the page sends in Authorization.

export const SESSION_COOKIE = "__Secure-next-auth.session-token";
export const SESSION_MAX_AGE_SEC = 8 * 3600;
export const BEARER_MAX_AGE_SEC = 3600;

export interface SessionUser {
  portalId: string;
  memberId: string;
  domain: string;
  userId: number;
  name: string;
  isAdmin: boolean;
  lang: "ru" | "en";
}

export async function mintSessionToken(user: SessionUser, maxAge = SESSION_MAX_AGE_SEC): Promise<string> {
  return encode({ secret: env().APP_SECRET, maxAge, token: { sub: `${user.memberId}:${user.userId}`, name: user.name, b24: user } });
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${SESSION_MAX_AGE_SEC}; HttpOnly; Secure; SameSite=None; Partitioned`;
}

/** Reads the session from `Authorization: Bearer` or the session cookie; null when absent, expired or forged. */
export async function readSession(req: Request): Promise<SessionUser | null> {
  const auth = req.headers.get("authorization");
  const bearer = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const token = bearer ?? cookieValue(req.headers.get("cookie"), SESSION_COOKIE);
  if (!token) return null;
  try {
    const claims = await decode({ token, secret: env().APP_SECRET });
    const user = claims?.b24 as SessionUser | undefined;
    return user && typeof user.portalId === "string" ? user : null;
  } catch {
    return null;
  }
}

function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
