import { translate, type Lang, type MessageKey, type TranslateVars } from "./core";
import { en } from "./en";
import { ru } from "./ru";

// Server-side translation with both dictionaries (route handlers, notifications, CSV). The browser side —
// LangProvider, useT(), useLang() — lives in app/_components/lang-provider.tsx and loads English on demand.

export * from "./core";

const dictionaries = { ru, en } as const;

export function t(lang: Lang, key: MessageKey, vars?: TranslateVars): string {
  return translate(dictionaries[lang], ru, key, vars);
}
