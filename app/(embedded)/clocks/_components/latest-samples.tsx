"use client";

import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { useLang, useT } from "@/app/_components/lang-provider";
import { makeDealFormat } from "@/app/(embedded)/deal/_components/format";
import type { ClockDiagnosticsView } from "@/lib/clocks/diagnostics";
import type { ReportSample } from "@/lib/clocks/report";
import { formatDuration, zoneLabel } from "./clock-format";
import styles from "./clocks.module.css";

type Props = { view: ClockDiagnosticsView; label: (s: Pick<ReportSample, "source" | "profileId">) => string };

/** The newest sample of every source: offset ± uncertainty, zone, round trip, and the verdict. */
export function LatestSamples({ view, label }: Props) {
  const tr = useT();
  const { lang } = useLang();
  const fmt = makeDealFormat(lang, view.portalZone);
  const offset = (s: ReportSample) =>
    tr("clocks.offset", { sign: s.offsetMs >= 0 ? "+" : "−", value: formatDuration(s.offsetMs, lang), uncertainty: formatDuration(s.uncertaintyMs, lang) });
  const zone = (s: ReportSample) => {
    if (s.source === "portal") return zoneLabel(s.zone ?? view.portalZone);
    if (s.zone && s.zoneInferred) return tr("clocks.zone.inferred", { zone: zoneLabel(s.zone) });
    return s.zone ? zoneLabel(s.zone) : tr("clocks.zone.moscowNaive");
  };
  // How many findings the samples of a source explain over the period.
  const explained = (series: string) => new Set(view.samples.filter((x) => x.series === series).flatMap((x) => x.explains)).size;
  return (
    <Card title={tr("clocks.latest.title")} padded={false}>
      <div className="table-wrap">
        <table className="table" data-testid="latest-samples">
          <thead>
            <tr>
              <th>{tr("clocks.col.source")}</th>
              <th className={styles.numeric}>{tr("clocks.col.offset")}</th>
              <th>{tr("clocks.col.zone")}</th>
              <th className={styles.numeric}>{tr("clocks.col.rtt")}</th>
              <th>{tr("clocks.col.measuredAt")}</th>
              <th>{tr("clocks.col.state")}</th>
              <th className={styles.numeric}>{tr("clocks.col.explains")}</th>
            </tr>
          </thead>
          <tbody>
            {view.latest.map((s) => (
              <tr key={s.series} data-source={s.source}>
                <td>{label(s)}</td>
                <td className={styles.numeric}>{offset(s)}</td>
                <td>{zone(s)}</td>
                <td className={styles.numeric}>{s.rttMs === null ? "—" : formatDuration(s.rttMs, lang)}</td>
                <td className={styles.nowrap}>{fmt.dateTime(new Date(s.at).toISOString())}</td>
                <td>
                  {s.diagnostics.length === 0 ? (
                    <Badge tone="success">{tr("clocks.state.ok")}</Badge>
                  ) : (
                    s.diagnostics.map((d) =>
                      d.kind === "clock_skew" ? (
                        <Badge key={d.kind} tone="alert">
                          {tr(d.skewMs >= 0 ? "clocks.state.skew" : "clocks.state.skewBehind", { value: formatDuration(d.skewMs, lang) })}
                        </Badge>
                      ) : (
                        <Badge key={d.kind} tone="warning">
                          {tr("clocks.state.zone", { zone: zoneLabel(d.zone) })}
                        </Badge>
                      ),
                    )
                  )}
                </td>
                <td className={styles.numeric}>{explained(s.series) || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
