import type { ProviderName } from "@/lib/client/api";
import type { MessageKey } from "@/lib/i18n";

// What the settings form needs to know per provider. The server (lib/cashboxes/schemas.ts, credentials.ts) is authoritative.

export const PROVIDERS: readonly ProviderName[] = ["atol", "evotor", "orangedata", "sandbox"];

export const providerLabel: Record<ProviderName, MessageKey> = {
  atol: "cashbox.provider.atol",
  evotor: "cashbox.provider.evotor",
  orangedata: "cashbox.provider.orangedata",
  sandbox: "cashbox.provider.sandbox",
};

/** Write-only credential fields: never sent back by the server, shown as «задан» + «Заменить» when editing. */
export type SecretField = "password" | "clientCert" | "clientKey" | "signingKey";

export const SECRET_FIELDS: Record<ProviderName, readonly SecretField[]> = {
  atol: ["password"],
  evotor: ["password"],
  orangedata: ["clientCert", "clientKey", "signingKey"],
  sandbox: [],
};

/** Draft keys sent as `credentials.<key>` for each provider (secrets included). */
export const CREDENTIAL_FIELDS = {
  atol: ["login", "password", "groupCode"],
  evotor: ["login", "password", "groupCode"],
  orangedata: ["group", "key", "clientCert", "clientKey", "signingKey"],
  sandbox: [],
} as const satisfies Record<ProviderName, readonly string[]>;

export type PemKind = "clientCert" | "clientKey" | "signingKey";

/** Client-side reasons a PEM value is refused; each has a translated message (form.pem.*). */
export type PemIssue = "pem.notCert" | "pem.notKey" | "pem.notRsaKey" | "pem.isCert" | "pem.isKey" | "pem.encrypted" | "pem.xml" | "pem.truncated" | "pem.tooBig" | "pem.binary";

/** The server's limit per PEM value. */
export const PEM_MAX_CHARS = 20_000;

// The same BEGIN lines the server accepts (lib/cashboxes/schemas.ts), plus a matching END line so a cut-off paste is caught here.
const wanted: Record<PemKind, RegExp> = {
  clientCert: /-----BEGIN CERTIFICATE-----/,
  clientKey: /-----BEGIN (RSA |EC )?PRIVATE KEY-----/,
  signingKey: /-----BEGIN (RSA )?PRIVATE KEY-----/,
};

/** Why the text cannot be this kind of PEM, or null when it looks right. Only the shape is checked; the server parses it. */
export function pemIssue(kind: PemKind, raw: string): PemIssue | null {
  const text = raw.trim();
  // Checked first: a legacy encrypted key also starts with -----BEGIN RSA PRIVATE KEY-----.
  if (text.length > PEM_MAX_CHARS) return "pem.tooBig";
  if (kind !== "clientCert" && /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text)) return "pem.encrypted";
  const begin = wanted[kind].exec(text);
  if (begin) {
    const label = begin[0].slice("-----BEGIN ".length, -"-----".length);
    return text.includes(`-----END ${label}-----`) ? null : "pem.truncated";
  }
  if (/<RSAKeyValue>/i.test(text)) return "pem.xml";
  if (kind !== "clientCert" && /-----BEGIN CERTIFICATE-----/.test(text)) return "pem.isCert";
  if (kind === "clientCert" && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return "pem.isKey";
  return kind === "clientCert" ? "pem.notCert" : kind === "clientKey" ? "pem.notKey" : "pem.notRsaKey";
}
