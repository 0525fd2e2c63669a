"use client";

import { useLang, useT } from "@/app/_components/lang-provider";
import type { ReportSample, SeriesMeta } from "@/lib/clocks/report";
import { formatDuration, SERIES_COLOURS } from "./clock-format";
import styles from "./clocks.module.css";

// Offsets over time as a small SVG chart: one line per source (the skew, i.e. the offset without its time-zone part,
// so a clock three hours "off" because it writes UTC does not flatten everything else), the uncertainty as a band of
// vertical bars, and the skew threshold as dashed lines. Hand-drawn: a chart library would triple the page's script.

const W = 760;
const H = 240;
const PAD = { left: 52, right: 12, top: 12, bottom: 28 };

/** The axis' half-range rounded up to 1, 2 or 5 × 10ⁿ seconds, so the ticks read as round numbers. */
function niceSeconds(ms: number): number {
  const s = Math.max(1, ms / 1000);
  const p = 10 ** Math.floor(Math.log10(s));
  return ([1, 2, 5, 10].find((m) => m * p >= s) ?? 10) * p * 1000;
}

type Props = {
  series: SeriesMeta[];
  samples: ReportSample[];
  thresholdMs: number;
  from: number;
  to: number;
  zone: string;
  label: (s: Pick<ReportSample, "source" | "profileId">) => string;
};

export function OffsetChart({ series, samples, thresholdMs, from, to, zone, label }: Props) {
  const tr = useT();
  const { lang } = useLang();
  const maxAbs = niceSeconds(Math.max(thresholdMs * 1.5, ...samples.map((s) => Math.abs(s.skewMs) * 1.1 + Math.min(s.uncertaintyMs, thresholdMs))));
  const x = (t: number) => PAD.left + ((t - from) / Math.max(1, to - from)) * (W - PAD.left - PAD.right);
  const y = (ms: number) => PAD.top + ((maxAbs - ms) / (2 * maxAbs)) * (H - PAD.top - PAD.bottom);
  const ticks = [-maxAbs, -maxAbs / 2, 0, maxAbs / 2, maxAbs];
  const dayFmt = new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", { timeZone: zone, day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });
  const timeTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => from + f * (to - from));

  return (
    <figure className={styles.chart}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={tr("clocks.chart.caption")} data-testid="offset-chart">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className={v === 0 ? styles.axisZero : styles.grid} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className={styles.tick}>
              {v === 0 ? "0" : `${v > 0 ? "+" : "−"}${new Intl.NumberFormat(lang === "ru" ? "ru-RU" : "en-GB").format(Math.abs(v) / 1000)} ${lang === "ru" ? "с" : "s"}`}
            </text>
          </g>
        ))}
        {[thresholdMs, -thresholdMs].map((v) => (
          <line key={v} x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className={styles.threshold} />
        ))}
        {timeTicks.map((t, i) => (
          <text key={t} x={x(t)} y={H - 8} textAnchor={i === 0 ? "start" : i === timeTicks.length - 1 ? "end" : "middle"} className={styles.tick}>
            {dayFmt.format(new Date(t))}
          </text>
        ))}
        {series.map((meta, i) => {
          const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
          const points = samples.filter((s) => s.series === meta.key);
          return (
            <g key={meta.key} data-series={meta.key}>
              {points.map((s) => (
                <line key={`u${s.id}`} x1={x(s.at)} x2={x(s.at)} y1={y(Math.min(maxAbs, s.skewMs + s.uncertaintyMs))} y2={y(Math.max(-maxAbs, s.skewMs - s.uncertaintyMs))} stroke={colour} className={styles.band} />
              ))}
              {points.length > 1 && <polyline points={points.map((s) => `${x(s.at)},${y(clamp(s.skewMs, maxAbs))}`).join(" ")} fill="none" stroke={colour} className={styles.line} />}
              {points.map((s) => (
                <circle key={s.id} cx={x(s.at)} cy={y(clamp(s.skewMs, maxAbs))} r={s.explains.length ? 4 : 2.5} fill={colour}>
                  <title>{`${label(s)}: ${s.skewMs >= 0 ? "+" : "−"}${formatDuration(s.skewMs, lang)} ± ${formatDuration(s.uncertaintyMs, lang)}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption className={styles.legend}>
        {series.map((meta, i) => (
          <span key={meta.key} className={styles.legendItem}>
            <span className={styles.swatch} style={{ background: SERIES_COLOURS[i % SERIES_COLOURS.length] }} aria-hidden="true" />
            {label(meta)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function clamp(v: number, max: number): number {
  return Math.max(-max, Math.min(max, v));
}
