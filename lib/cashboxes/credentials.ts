import { decryptJson, encryptJson } from "@/lib/crypto";
import type { CashboxProfile, ProviderName } from "@/lib/db/schema";
import { AppError } from "@/lib/http/errors";
import { CREDENTIAL_SCHEMAS } from "./schemas";

// Which credential fields are secret (sealed, never shown again) and which may be shown back to the admin.

const SECRET_FIELDS: Record<ProviderName, string[]> = {
  atol: ["password"],
  evotor: ["password"],
  orangedata: ["clientCert", "clientKey", "signingKey"],
  sandbox: [],
};

export interface SealedCredentials {
  credentialsEnc: string;
  credentialsPublic: Record<string, string>;
}

export function sealCredentials(provider: ProviderName, credentials: Record<string, string | undefined>): SealedCredentials {
  const secret = new Set(SECRET_FIELDS[provider]);
  const visible = Object.entries(credentials).filter(([k, v]) => !secret.has(k) && typeof v === "string") as [string, string][];
  return { credentialsEnc: encryptJson(credentials), credentialsPublic: Object.fromEntries(visible) };
}

/**
 * An edit: fields left out (or empty) keep their stored value — the browser never had the secrets to send back.
 * The result is validated as a whole against the provider's schema.
 */
export function mergeCredentials(profile: CashboxProfile, patch: Record<string, string>): SealedCredentials {
  const stored = profile.credentialsEnc ? decryptJson<Record<string, string>>(profile.credentialsEnc) : {};
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v.trim() !== ""));
  const parsed = CREDENTIAL_SCHEMAS[profile.provider].safeParse({ ...stored, ...given });
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [`credentials.${i.path.join(".")}`, i.message]));
    throw new AppError("validation", "Проверьте доступ к кассе", { fields });
  }
  return sealCredentials(profile.provider, parsed.data as Record<string, string>);
}

/** `{ login, groupCode, passwordSet }` for ATOL; `{ group, key, clientCertSet, … }` for Orange Data. */
export function credentialsView(p: CashboxProfile): Record<string, string | boolean> {
  const set = Object.fromEntries(SECRET_FIELDS[p.provider].map((k) => [`${k}Set`, p.credentialsEnc !== null]));
  return { ...p.credentialsPublic, ...set };
}
