import type { MessageKey } from "./ru";

// The language machinery without any dictionary, so the browser can load English only when it is chosen
// (lang-provider.tsx); index.ts adds both dictionaries for the server.

export type Lang = "ru" | "en";
export type { MessageKey };
export type TranslateVars = Record<string, string | number>;
export type Dictionary = Record<MessageKey, string>;

export const LANGS: readonly Lang[] = ["ru", "en"];
export const DEFAULT_LANG: Lang = "ru";
/** localStorage key that remembers the language picked with the switch. */
export const LANG_STORAGE_KEY = "b24kassa.lang";

/** The message from `dict`, else from the fallback (Russian, the source), else the key; `{name}` filled from vars. */
export function translate(dict: Partial<Dictionary> | null, fallback: Dictionary, key: MessageKey, vars?: TranslateVars): string {
  const text = dict?.[key] ?? fallback[key] ?? key;
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
