import { env } from "@/lib/env";
import { deriveKey, needsReseal, open, seal, type SecretKey } from "./secret-box";

// Keys come from APP_SECRET (current) and APP_SECRET_PREVIOUS (decrypt only).
let keys: { current: SecretKey; all: SecretKey[]; secret: string } | undefined;

function getKeys() {
  const e = env();
  if (!keys || keys.secret !== e.APP_SECRET) {
    const current = deriveKey(e.APP_SECRET);
    const all = [current, ...(e.APP_SECRET_PREVIOUS ? [deriveKey(e.APP_SECRET_PREVIOUS)] : [])];
    keys = { current, all, secret: e.APP_SECRET };
  }
  return keys;
}

export function encryptSecret(plaintext: string): string {
  return seal(plaintext, getKeys().current);
}

export function decryptSecret(envelope: string): string {
  return open(envelope, getKeys().all);
}

export function encryptJson(value: unknown): string {
  return encryptSecret(JSON.stringify(value));
}

export function decryptJson<T>(envelope: string): T {
  return JSON.parse(decryptSecret(envelope)) as T;
}

export function isSealedWithOldKey(envelope: string): boolean {
  return needsReseal(envelope, getKeys().current);
}
