// The clock-diagnostics page's content (issue 5 §2), built from stored samples, queue statistics and findings. Pure:
// it splits every offset into a time-zone part and a skew, flags what crosses the portal's thresholds, and ties each
// measurement to the findings it explains (the finding's evidence names the sample it was corrected with).

import { diagnoseSample, splitOffset, type ClockDiagnostic } from "@/lib/reconcile/clock";
import type { ClockSample, ClockSource } from "@/lib/reconcile/types";

export interface StoredSample extends ClockSample {
  id: number;
  profileId: string | null;
  method: string;
  rttMs: number | null;
  receiptId: string | null;
}

export interface SeriesMeta {
  /** `portal`, or `provider:<profileId>` / `fiscal:<profileId>`: one line on the chart. */
  key: string;
  source: ClockSource;
  profileId: string | null;
}

export interface ExplainedFinding {
  id: string;
  kind: string;
  cause: string;
  day: string;
  dealId: number | null;
  deltaKop: number;
  status: string;
  /** The samples the finding's evidence was corrected with. */
  sampleIds: number[];
}

export interface QueueDay {
  day: string;
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  overThreshold: number;
}

export interface ReportSample {
  id: number;
  series: string;
  source: ClockSource;
  profileId: string | null;
  method: string;
  at: number;
  offsetMs: number;
  uncertaintyMs: number;
  rttMs: number | null;
  receiptId: string | null;
  zone: string | null;
  zoneShiftMs: number;
  skewMs: number;
  zoneInferred: boolean;
  diagnostics: ClockDiagnostic[];
  /** Findings whose evidence names this sample. */
  explains: string[];
}

export interface ClockReport {
  series: SeriesMeta[];
  samples: ReportSample[];
  /** The newest sample of each series, with what it says is wrong. */
  latest: ReportSample[];
  /** Everything the latest samples flag, worst first. */
  diagnostics: Array<ClockDiagnostic & { series: string; sampleId: number }>;
  queue: { days: QueueDay[]; overThreshold: number; count: number; maxMs: number };
  findings: ExplainedFinding[];
}

export interface ReportInput {
  samples: readonly StoredSample[];
  findings: readonly ExplainedFinding[];
  queueDays: readonly QueueDay[];
  thresholds: { clockSkewMs: number };
}

export function seriesKey(s: { source: ClockSource; profileId: string | null }): string {
  return s.source === "portal" || !s.profileId ? s.source : `${s.source}:${s.profileId}`;
}

const severity = (d: ClockDiagnostic) => (d.kind === "clock_skew" ? Math.abs(d.skewMs) : Math.abs(d.zoneShiftMs) / 1000);

export function buildClockReport(input: ReportInput): ClockReport {
  const explainedBy = new Map<number, string[]>();
  for (const f of input.findings) for (const id of f.sampleIds) explainedBy.set(id, [...(explainedBy.get(id) ?? []), f.id]);

  const series = new Map<string, SeriesMeta>();
  const samples = [...input.samples]
    .sort((a, b) => a.at - b.at)
    .map((s): ReportSample => {
      const key = seriesKey(s);
      if (!series.has(key)) series.set(key, { key, source: s.source, profileId: s.profileId });
      const parts = splitOffset(s, input.thresholds.clockSkewMs);
      return {
        id: s.id,
        series: key,
        source: s.source,
        profileId: s.profileId,
        method: s.method,
        at: s.at,
        offsetMs: s.offsetMs,
        uncertaintyMs: s.uncertaintyMs,
        rttMs: s.rttMs,
        receiptId: s.receiptId,
        zone: parts.zone ?? s.zone ?? null,
        zoneShiftMs: parts.zoneShiftMs,
        skewMs: parts.skewMs,
        zoneInferred: parts.zoneInferred,
        diagnostics: diagnoseSample(s, input.thresholds),
        explains: explainedBy.get(s.id) ?? [],
      };
    });

  const latestBySeries = new Map<string, ReportSample>();
  for (const s of samples) latestBySeries.set(s.series, s);
  const latest = [...latestBySeries.values()];
  const diagnostics = latest.flatMap((s) => s.diagnostics.map((d) => ({ ...d, series: s.series, sampleId: s.id }))).sort((a, b) => severity(b) - severity(a));

  const days = [...input.queueDays].sort((a, b) => a.day.localeCompare(b.day));
  return {
    series: [...series.values()],
    samples,
    latest,
    diagnostics,
    queue: {
      days,
      overThreshold: days.reduce((n, d) => n + d.overThreshold, 0),
      count: days.reduce((n, d) => n + d.count, 0),
      maxMs: days.reduce((m, d) => Math.max(m, d.maxMs), 0),
    },
    findings: [...input.findings],
  };
}

/** Sample ids named in a finding's evidence (`fiscalClock`, `portalClock`, …: any `{ sampleId }` one level down). */
export function evidenceSampleIds(evidence: Record<string, unknown>): number[] {
  const ids: number[] = [];
  for (const v of Object.values(evidence)) {
    const id = v && typeof v === "object" ? (v as { sampleId?: unknown }).sampleId : undefined;
    if (typeof id === "number" && Number.isInteger(id)) ids.push(id);
  }
  return [...new Set(ids)];
}
