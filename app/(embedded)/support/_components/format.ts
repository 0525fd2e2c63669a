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
  /** +1 min 30.0 s / −0.4 s. */
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
    return {
      ...base,
      preciseTime: (iso) => {
        const d = iso ? new Date(iso) : null;
        return d && !Number.isNaN(d.getTime()) ? precise.format(d) : "";
      },
      day: (day) => day.split("-").reverse().join("."),
      duration: (ms) => {
        const sign = ms < 0 ? "−" : ms > 0 ? "+" : "";
        const abs = Math.abs(ms);
        const m = Math.floor(abs / 60_000);
        const s = ((abs % 60_000) / 1000).toFixed(abs < 10_000 ? 1 : 0);
        return m ? `${sign}${m} ${min} ${s} ${sec}` : `${sign}${s} ${sec}`;
      },
    };
  }, [base, lang, zone]);
}
