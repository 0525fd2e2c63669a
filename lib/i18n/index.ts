import { en } from "./en";
import { ru, type MessageKey } from "./ru";

// Server-safe on purpose (no React context here), so route handlers and server components can call t().
// The React side — LangProvider, useT(), useLang() — lives in app/_components/lang-provider.tsx.

export type Lang = "ru" | "en";
export type { MessageKey };
export type TranslateVars = Record<string, string | number>;

export const LANGS: readonly Lang[] = ["ru", "en"];
export const DEFAULT_LANG: Lang = "ru";
/** localStorage key that remembers the language picked with the switch. */
export const LANG_STORAGE_KEY = "b24kassa.lang";

const dictionaries: Record<Lang, Record<MessageKey, string>> = { ru, en };

export function t(lang: Lang, key: MessageKey, vars?: TranslateVars): string {
  const text = dictionaries[lang][key] ?? ru[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function isLang(value: unknown): value is Lang {
  return value === "ru" || value === "en";
}

/**
 * Maps a Bitrix24 interface language (B24Frame.getLang(): 'ru', 'kz', 'ua', 'de', …) to ours.
 * Russian-speaking portals get Russian; everyone else gets English.
 */
export function langFromBitrix(code: string | null | undefined): Lang {
  return code === "ru" || code === "kz" || code === "by" ? "ru" : "en";
}
