import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Keyed hash of a token we only ever compare (application_token, URL secrets): the database never holds it. */
export function hashToken(token: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(token).digest("base64url");
}

/** Constant-time comparison of a presented token with a stored keyed hash. */
export function tokenMatches(presented: string | undefined | null, storedHash: string | null | undefined, appSecret: string): boolean {
  if (!presented || !storedHash) return false;
  const a = Buffer.from(hashToken(presented, appSecret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}
