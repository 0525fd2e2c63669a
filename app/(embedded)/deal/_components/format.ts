"use client";

import { useMemo } from "react";
import { useMe } from "@/app/_components/embedded-shell";
import { useLang } from "@/app/_components/lang-provider";
import type { Lang } from "@/lib/i18n";

/** Bitrix24 portals without a configured zone live on Moscow time; so do the fiscal documents. */
export const DEFAULT_TIME_ZONE = "Europe/Moscow";

export type DealFormat = {
  /** 1 000,00 ₽ from kopecks. */
  money: (kop: number, currency?: string) => string;
  /** 12.03.2026, 14:05 in the portal's time zone; "" for a missing or broken value. */
  dateTime: (iso: string | null | undefined) => string;
  /** Only the time when the moment is today in the portal's zone, else the date and time. */
  moment: (iso: string | null | undefined) => string;
  /** "GMT+5": what the shown times are in. */
  zoneLabel: string;
  number: (value: number) => string;
};

function validTimeZone(zone: string | null | undefined): string {
  if (!zone) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return DEFAULT_TIME_ZONE; // an unknown IANA name would throw on every format call
  }
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function makeDealFormat(lang: Lang, zone: string | null | undefined): DealFormat {
  const locale = lang === "ru" ? "ru-RU" : "en-GB";
  const timeZone = validTimeZone(zone);
  const dateTimeFmt = new Intl.DateTimeFormat(locale, {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
  const dayFmt = new Intl.DateTimeFormat(locale, { timeZone, day: "2-digit", month: "2-digit", year: "numeric" });
  const timeFmt = new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" });
  const zoneParts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "shortOffset" }).formatToParts(new Date());
  const zoneLabel = zoneParts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
  const numberFmt = new Intl.NumberFormat(locale);
  const moneyFmts = new Map<string, Intl.NumberFormat | null>();

  function moneyFmt(currency: string): Intl.NumberFormat | null {
    if (!moneyFmts.has(currency)) {
      try {
        moneyFmts.set(currency, new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "narrowSymbol", minimumFractionDigits: 2 }));
      } catch {
        moneyFmts.set(currency, null); // not an ISO 4217 code: number plus the code as it came
      }
    }
    return moneyFmts.get(currency) ?? null;
  }

  return {
    money(kop, currency = "RUB") {
      const code = currency.toUpperCase();
      const fmt = moneyFmt(code);
      if (fmt) return fmt.format(kop / 100);
      return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kop / 100)} ${currency}`;
    },
    dateTime(iso) {
      const date = parse(iso);
      return date ? dateTimeFmt.format(date) : "";
    },
    moment(iso) {
      const date = parse(iso);
      if (!date) return "";
      return dayFmt.format(date) === dayFmt.format(new Date()) ? timeFmt.format(date) : dateTimeFmt.format(date);
    },
    zoneLabel,
    number: (value) => numberFmt.format(value),
  };
}

/** Formatting in the interface language and the portal's time zone (GET /api/me → portal.timezone). */
export function useDealFormat(): DealFormat {
  const { lang } = useLang();
  const { data: me } = useMe();
  const zone = me?.portal.timezone;
  return useMemo(() => makeDealFormat(lang, zone), [lang, zone]);
}
