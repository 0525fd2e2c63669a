import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

// Envelope format: "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts). AES-256-GCM with a key derived by
// HKDF-SHA256 from APP_SECRET; the key id lets a rotated secret still open old values (APP_SECRET_PREVIOUS).

const INFO = "b24-cloud-kassa/secrets/v1";

export interface SecretKey {
  id: string;
  key: Buffer;
}

export function deriveKey(appSecret: string): SecretKey {
  const key = Buffer.from(hkdfSync("sha256", appSecret, "b24-cloud-kassa", INFO, 32));
  const id = createHash("sha256").update(key).digest("base64url").slice(0, 8);
  return { id, key };
}

export function seal(plaintext: string, key: SecretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", key.id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export class SecretBoxError extends Error {}

export function open(envelope: string, keys: SecretKey[]): string {
  const [version, keyId, iv, tag, body] = envelope.split(".");
  if (version !== "v1" || !keyId || !iv || !tag || body === undefined) throw new SecretBoxError("malformed envelope");
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new SecretBoxError(`no key ${keyId} (was APP_SECRET rotated without APP_SECRET_PREVIOUS?)`);
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** True when the envelope was sealed with another key than `current` and should be re-sealed. */
export function needsReseal(envelope: string, current: SecretKey): boolean {
  return envelope.split(".")[1] !== current.id;
}
