"use client";

import { useState } from "react";
import useSWR from "swr";
import { ApiErrorNotice } from "@/app/_components/api-error-notice";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { useMe } from "@/app/_components/embedded-shell";
import { useLang, useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { LoadingBlock } from "@/app/_components/spinner";
import { apiFetch, type ApiError } from "@/lib/client/api";
import type { ClockDiagnosticsView } from "@/lib/clocks/diagnostics";
import { formatDuration, useSourceLabel } from "./clock-format";
import { ClockFindings } from "./clock-findings";
import { LatestSamples } from "./latest-samples";
import { OffsetChart } from "./offset-chart";
import { QueueTable } from "./queue-table";
import { ThresholdsForm } from "./thresholds-form";
import { ZonesCard } from "./zones-card";
import styles from "./clocks.module.css";

const PERIODS = [1, 7, 30] as const;

export function ClocksView() {
  const tr = useT();
  const { lang } = useLang();
  const [days, setDays] = useState<number>(7);
  const report = useSWR<ClockDiagnosticsView, ApiError>(`/api/clocks?days=${days}`);
  const [measuring, setMeasuring] = useState(false);
  const [outcome, setOutcome] = useState<{ failures: NonNullable<ClockDiagnosticsView["failures"]> } | { error: ApiError } | null>(null);
  const view = report.data;
  const label = useSourceLabel(view);
  const me = useMe();

  async function measure() {
    setMeasuring(true);
    setOutcome(null);
    try {
      const fresh = await apiFetch<ClockDiagnosticsView>("/api/clocks/measure", { method: "POST", json: { days } });
      await report.mutate(fresh, { revalidate: false });
      setOutcome({ failures: fresh.failures ?? [] });
    } catch (err) {
      setOutcome({ error: err as ApiError });
    } finally {
      setMeasuring(false);
    }
  }

  const head = (
    <div className="page-head">
      <div>
        <h1>{tr("clocks.title")}</h1>
        <p>{tr("clocks.lead")}</p>
      </div>
      <div className={styles.toolbar}>
        <div className="segmented" role="group" aria-label={tr("clocks.period")}>
          {PERIODS.map((d) => (
            <button key={d} type="button" aria-pressed={days === d} onClick={() => setDays(d)}>
              {tr("clocks.days", { n: d })}
            </button>
          ))}
        </div>
        <Button variant="primary" loading={measuring} onClick={measure}>
          {tr("clocks.measure")}
        </Button>
      </div>
    </div>
  );

  if (!view) {
    return (
      <div className="stack">
        {head}
        {report.error ? (
          <ApiErrorNotice error={report.error} title={report.error.status === 403 ? tr("clocks.forbidden") : tr("clocks.loadError")} onRetry={() => void report.mutate()} />
        ) : (
          <LoadingBlock text={tr("common.loading")} />
        )}
      </div>
    );
  }

  const threshold = formatDuration(view.thresholds.clockSkewMs, lang);
  return (
    <div className="stack">
      {head}
      {outcome && "error" in outcome && <ApiErrorNotice error={outcome.error} onRetry={measure} />}
      {outcome && "failures" in outcome && outcome.failures.length === 0 && <Notice tone="success">{tr("clocks.measured")}</Notice>}
      {outcome &&
        "failures" in outcome &&
        outcome.failures.map((f) => (
          <Notice key={`${f.source}:${f.profileId}`} tone="alert">
            {tr("clocks.measureFailed", { source: label(f), message: f.message })}
          </Notice>
        ))}

      <Card title={tr("clocks.diag.title")}>
        {view.diagnostics.length === 0 ? (
          <p data-testid="clock-verdict">{view.samples.length ? tr("clocks.diag.none", { threshold }) : tr("clocks.empty")}</p>
        ) : (
          <ul className={styles.diagList} data-testid="clock-verdict">
            {view.diagnostics.map((d) => (
              <li key={`${d.series}:${d.kind}`}>
                {d.kind === "clock_skew"
                  ? `${tr("clocks.diag.skew", {
                      source: label(view.series.find((s) => s.key === d.series) ?? { source: d.source, profileId: null }),
                      direction: tr(d.skewMs >= 0 ? "clocks.diag.ahead" : "clocks.diag.behind"),
                      value: formatDuration(d.skewMs, lang),
                      threshold,
                    })} ${tr(`clocks.advice.${d.source}`)}`
                  : tr("clocks.diag.zone", { source: label(view.series.find((s) => s.key === d.series) ?? { source: d.source, profileId: null }), zone: d.zone })}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={tr("clocks.chart.title")} description={tr("clocks.chart.lead", { threshold })}>
        {view.samples.length ? (
          <OffsetChart
            series={view.series}
            samples={view.samples}
            thresholdMs={view.thresholds.clockSkewMs}
            from={Date.parse(view.period.from)}
            to={Date.parse(view.period.to)}
            zone={view.portalZone}
            label={label}
          />
        ) : (
          <p className="muted">{tr("clocks.empty")}</p>
        )}
      </Card>

      {view.latest.length > 0 && <LatestSamples view={view} label={label} />}
      <ZonesCard view={view} />
      <QueueTable view={view} />
      <ClockFindings view={view} />
      {me.data?.user.isAdmin && (
        <ThresholdsForm
          value={view.thresholds}
          // The verdicts depend on the thresholds: read the report again with the new ones.
          onSaved={() => void report.mutate()}
        />
      )}
    </div>
  );
}
