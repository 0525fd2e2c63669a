"use client";

import { useMemo } from "react";
import { useMe } from "@/app/_components/embedded-shell";
import { useLang } from "@/app/_components/lang-provider";
import { useDealFormat, type DealFormat } from "@/app/(embedded)/deal/_components/format";

// The deal tab's formatting (money from kopecks, times in the portal's zone) plus what support needs: seconds,
// portal-zone days as text, and signed durations for clock offsets.

export type SupportFormat = DealFormat & {
  /** 10.03.2026, 23:59:30 in the portal's zone. */
  preciseTime: (iso: string | null | undefined) => string;
  /** "2026-03-10" → "10.03.2026". */
  day: (day: string) => string;
  /** Evidence's wall-clock text "2026-03-10 23:59:00" → "10.03.2026 23:59:00". */
  local: (text: string) => string;
  /** +1 min 30.0 s / −0.4 s / +12 h 34 min. */
  duration: (ms: number) => string;
};

export function useSupportFormat(): SupportFormat {
  const base = useDealFormat();
  const { lang } = useLang();
  const { data: me } = useMe();
  const zone = me?.portal.timezone ?? "Europe/Moscow";
  return useMemo(() => {
    let precise: Intl.DateTimeFormat;
    try {
      precise = new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", { timeZone: zone, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    } catch {
      precise = new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", { timeZone: "Europe/Moscow", dateStyle: "short", timeStyle: "medium" });
    }
    const sec = lang === "ru" ? "с" : "s";
    const min = lang === "ru" ? "мин" : "min";
    const hour = lang === "ru" ? "ч" : "h";
    return {
      ...base,
      preciseTime: (iso) => {
        const d = iso ? new Date(iso) : null;
        return d && !Number.isNaN(d.getTime()) ? precise.format(d) : "";
      },
      day: (day) => day.split("-").reverse().join("."),
      local: (text) => text.replace(/^(\d{4})-(\d{2})-(\d{2})/, "$3.$2.$1"),
      duration: (ms) => {
        const sign = ms < 0 ? "−" : ms > 0 ? "+" : "";
        const abs = Math.abs(ms);
        const h = Math.floor(abs / 3_600_000);
        const m = Math.floor((abs % 3_600_000) / 60_000);
        const s = ((abs % 60_000) / 1000).toFixed(abs < 10_000 ? 1 : 0);
        if (h) return `${sign}${h} ${hour} ${m} ${min}`;
        return m ? `${sign}${m} ${min} ${s} ${sec}` : `${sign}${s} ${sec}`;
      },
    };
  }, [base, lang, zone]);
}
