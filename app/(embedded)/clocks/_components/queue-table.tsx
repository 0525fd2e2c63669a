"use client";

import { Card } from "@/app/_components/card";
import { useLang, useT } from "@/app/_components/lang-provider";
import type { ClockDiagnosticsView } from "@/lib/clocks/diagnostics";
import { formatDuration } from "./clock-format";
import styles from "./clocks.module.css";

/** Queue delays per day in the portal's zone: accepted → fiscalised, with the days over the threshold marked. */
export function QueueTable({ view }: { view: ClockDiagnosticsView }) {
  const tr = useT();
  const { lang } = useLang();
  const d = (ms: number) => formatDuration(ms, lang);
  return (
    <Card title={tr("clocks.queue.title")} description={tr("clocks.queue.lead", { threshold: d(view.thresholds.queueDelayMs) })} padded={view.queue.days.length === 0}>
      {view.queue.days.length === 0 ? (
        <p className="muted">{tr("clocks.queue.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="queue-table">
            <thead>
              <tr>
                <th>{tr("clocks.queue.col.day")}</th>
                <th className={styles.numeric}>{tr("clocks.queue.col.count")}</th>
                <th className={styles.numeric}>{tr("clocks.queue.col.p50")}</th>
                <th className={styles.numeric}>{tr("clocks.queue.col.p95")}</th>
                <th className={styles.numeric}>{tr("clocks.queue.col.max")}</th>
                <th className={styles.numeric}>{tr("clocks.queue.col.over")}</th>
              </tr>
            </thead>
            <tbody>
              {view.queue.days.map((day) => (
                <tr key={day.day}>
                  <td>{day.day.split("-").reverse().join(".")}</td>
                  <td className={styles.numeric}>{day.count}</td>
                  <td className={styles.numeric}>{d(day.p50Ms)}</td>
                  <td className={styles.numeric}>{d(day.p95Ms)}</td>
                  <td className={styles.numeric}>{d(day.maxMs)}</td>
                  <td className={styles.numeric}>{day.overThreshold}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
