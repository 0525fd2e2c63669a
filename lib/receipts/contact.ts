import type { BitrixPayload } from "./bitrix-payload";
import type { ContactPolicy } from "./types";

// The buyer's contact (тег 1008). With no e-mail or phone on the order Bitrix24 puts the portal's own
// `main/email_from` into `client_email` (SALE check.php): not the buyer, never a receipt address.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** ATOL `client.email` and Orange `customerContact` ≤ 64 characters. */
const MAX_EMAIL = 64;

export type ContactResult =
  | { ok: true; client: { email?: string; phone?: string }; warnings: string[] }
  | { ok: false; error: string; warnings: string[] };

/** `8 (912) 345-67-89`, `79123456789`, `9123456789` → `+79123456789`; `+375…` stays; null if not a phone. */
export function normalizePhone(raw: string): string | null {
  const plus = raw.trim().startsWith("+");
  const digits = raw.replace(/\D/g, "");
  if (!plus && digits.length === 11 && (digits[0] === "7" || digits[0] === "8")) return `+7${digits.slice(1)}`;
  if (!plus && digits.length === 10) return `+7${digits}`;
  if (plus && digits.length >= 10 && digits.length <= 15) return `+${digits}`;
  return null;
}

/** The contact under the policy. The cashbox's `service_email` counts as one of the portal's own addresses too. */
export function resolveContact(payload: BitrixPayload, policy: ContactPolicy, fallbackEmails: string[]): ContactResult {
  const warnings: string[] = [];
  const own = new Set([...fallbackEmails, payload.service_email ?? ""].map((e) => e.trim().toLowerCase()).filter(Boolean));
  const rawEmail = payload.client_email?.trim() ?? "";
  const rawPhone = payload.client_phone?.trim() ?? "";
  const isFallback = rawEmail !== "" && own.has(rawEmail.toLowerCase());

  let email: string | undefined;
  if (rawEmail && !isFallback) {
    if (EMAIL.test(rawEmail) && rawEmail.length <= MAX_EMAIL) email = rawEmail;
    else warnings.push(`E-mail покупателя «${rawEmail}» некорректен и не используется`);
  }
  const phone = rawPhone ? (normalizePhone(rawPhone) ?? undefined) : undefined;
  if (rawPhone && !phone) warnings.push(`Телефон покупателя «${rawPhone}» некорректен и не используется`);

  const client = policy === "email_only" ? { email } : policy === "phone_only" ? { phone } : { email, phone };
  if (client.email || client.phone) return { ok: true, client: strip(client), warnings };
  return { ok: false, error: missingContact(policy, isFallback ? rawEmail : undefined), warnings };
}

function missingContact(policy: ContactPolicy, fallback: string | undefined): string {
  const why = fallback ? ` ${fallback} — адрес самого портала: Битрикс24 подставляет его, когда у клиента нет e-mail.` : "";
  if (policy === "email_only") return `Нет контакта покупателя: по настройкам кассы нужен e-mail клиента.${why}`;
  if (policy === "phone_only") return `Нет контакта покупателя: по настройкам кассы нужен телефон клиента.${why}`;
  return `Нет контакта покупателя: укажите e-mail или телефон клиента в сделке.${why}`;
}

function strip(client: { email?: string; phone?: string }): { email?: string; phone?: string } {
  return Object.fromEntries(Object.entries(client).filter(([, v]) => v !== undefined));
}
