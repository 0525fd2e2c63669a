"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { DEFAULT_LANG, isLang, LANG_STORAGE_KEY, translate, type Dictionary, type Lang, type MessageKey, type TranslateVars } from "@/lib/i18n/core";
import { ru } from "@/lib/i18n/ru";

/** `dict`: the chosen language's messages once loaded; null means Russian (always here). */
type LangState = { lang: Lang; setLang: (lang: Lang) => void; dict: Dictionary | null };

const LangContext = createContext<LangState>({ lang: DEFAULT_LANG, setLang: () => undefined, dict: null });

// English is a separate chunk: Russian-speaking portals (nearly all) never download it.
let english: Promise<Dictionary> | null = null;
const loadEnglish = () => (english ??= import("@/lib/i18n/en").then((m) => m.en));

function readStoredLang(): Lang | null {
  try {
    const value = window.localStorage.getItem(LANG_STORAGE_KEY);
    return isLang(value) ? value : null;
  } catch {
    return null; // storage blocked in a third-party iframe: fall back to the portal language
  }
}

type LangProviderProps = {
  /** The portal's language (from /api/me or the Bitrix24 frame), used until the user picks one. */
  fallback?: Lang | null;
  children: ReactNode;
};

/**
 * Language = the user's explicit pick (remembered in localStorage) → the portal language → Russian.
 * The server always renders Russian; a different choice applies right after hydration.
 */
export function LangProvider({ fallback, children }: LangProviderProps) {
  const [chosen, setChosen] = useState<Lang | null>(null);

  useEffect(() => {
    setChosen(readStoredLang());
  }, []);

  const lang = chosen ?? fallback ?? DEFAULT_LANG;
  const [dict, setDict] = useState<Dictionary | null>(null);

  useEffect(() => {
    let live = true;
    if (lang === "ru") setDict(null);
    else void loadEnglish().then((d) => live && setDict(d));
    return () => {
      live = false;
    };
  }, [lang]);

  // The page says it is in English once it is (until the messages arrive it is still Russian).
  const shown: Lang = lang === "en" && dict ? "en" : "ru";
  useEffect(() => {
    document.documentElement.lang = shown;
  }, [shown]);

  const setLang = useCallback((next: Lang) => {
    setChosen(next);
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // not remembered across reloads, but the switch still works for this page
    }
  }, []);

  const value = useMemo(() => ({ lang, setLang, dict: shown === "en" ? dict : null }), [lang, setLang, shown, dict]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

export type Translate = (key: MessageKey, vars?: TranslateVars) => string;

export function useT(): Translate {
  const { dict } = useLang();
  return useCallback((key: MessageKey, vars?: TranslateVars) => translate(dict, ru, key, vars), [dict]);
}

/** RU / EN toggle; aria-pressed tells assistive tech which one is active. */
export function LangSwitch() {
  const { lang, setLang } = useLang();
  const tr = useT();
  return (
    <div className="segmented" role="group" aria-label={tr("app.langSwitch")}>
      {(["ru", "en"] as const).map((code) => (
        <button key={code} type="button" aria-pressed={lang === code} onClick={() => setLang(code)} lang={code}>
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
