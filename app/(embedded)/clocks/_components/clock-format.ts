"use client";

import { useMemo } from "react";
import { useT } from "@/app/_components/lang-provider";
import type { ClockDiagnosticsView } from "@/lib/clocks/diagnostics";
import type { ReportSample } from "@/lib/clocks/report";

/** «850 мс», «4,2 с», «3 мин 5 с», «2 ч»: a duration for people, in the interface language. */
export function formatDuration(ms: number, lang: "ru" | "en"): string {
  const abs = Math.abs(ms);
  const ru = lang === "ru";
  const num = (v: number, digits = 0) => new Intl.NumberFormat(ru ? "ru-RU" : "en-GB", { maximumFractionDigits: digits }).format(v);
  if (abs < 1000) return `${num(abs)} ${ru ? "мс" : "ms"}`;
  if (abs < 60_000) return `${num(abs / 1000, 1)} ${ru ? "с" : "s"}`;
  if (abs < 3_600_000) {
    // Round to whole seconds first: 179.6 s is «3 мин», not «2 мин 60 с».
    const total = Math.round(abs / 1000);
    const m = Math.floor(total / 60);
    const s = total % 60;
    return ru ? `${m} мин${s ? ` ${s} с` : ""}` : `${m} min${s ? ` ${s} s` : ""}`;
  }
  const h = abs / 3_600_000;
  return `${num(h, 1)} ${ru ? "ч" : "h"}`;
}

/** "UTC+5" for Etc/GMT-5 and other zones, from the zone's offset now. */
export function zoneLabel(zone: string | null | undefined): string {
  if (!zone) return "UTC+3";
  try {
    const part = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName");
    return (part?.value ?? zone).replace("GMT", "UTC");
  } catch {
    return zone;
  }
}

/** The label of a chart series / table row: the portal, or a cashbox's server or fiscal drive by the cashbox's name. */
export function useSourceLabel(view: ClockDiagnosticsView | undefined) {
  const tr = useT();
  return useMemo(() => {
    const names = new Map(view?.cashboxes.map((c) => [c.id, c.name]) ?? []);
    return (s: Pick<ReportSample, "source" | "profileId">) => {
      if (s.source === "portal") return tr("clocks.source.portal");
      const name = (s.profileId && names.get(s.profileId)) || tr("clocks.source.unknownCashbox");
      return tr(s.source === "provider" ? "clocks.source.provider" : "clocks.source.fiscal", { name });
    };
  }, [view, tr]);
}

/** Series colours from the Air palette, portal first. */
export const SERIES_COLOURS = ["var(--primary)", "var(--warning)", "var(--success)", "var(--alert)", "#8e52ec", "#00a2b8"];
