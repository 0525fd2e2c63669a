"use client";

import { Card } from "@/app/_components/card";
import { useLang, useT } from "@/app/_components/lang-provider";
import type { ClockDiagnosticsView } from "@/lib/clocks/diagnostics";
import { formatDuration, zoneLabel } from "./clock-format";
import styles from "./clocks.module.css";

/** The portal's zone against the naive Moscow time of the provider and the fiscal drive, with what it means for 23:59. */
export function ZonesCard({ view }: { view: ClockDiagnosticsView }) {
  const tr = useT();
  const { lang } = useLang();
  const now = new Date();
  const offsetOf = (zone: string) => {
    const local = new Date(now.toLocaleString("en-US", { timeZone: zone }));
    const utc = new Date(now.toLocaleString("en-US", { timeZone: "UTC" }));
    return local.getTime() - utc.getTime();
  };
  const diffMs = offsetOf(view.portalZone) - offsetOf(view.providerZone);
  // 23:59 portal time, expressed in Moscow time.
  const minutes = (23 * 60 + 59 - diffMs / 60_000 + 24 * 60) % (24 * 60);
  const moscow = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return (
    <Card title={tr("clocks.zones.title")}>
      <div className={styles.zones} data-testid="zones">
        <p>{tr("clocks.zones.portal", { zone: `${zoneLabel(view.portalZone)} (${view.portalZone})` })}</p>
        <p>{tr("clocks.zones.provider", { zone: zoneLabel(view.providerZone) })}</p>
        <p>
          <strong>{diffMs === 0 ? tr("clocks.zones.same") : tr("clocks.zones.diff", { diff: `${diffMs > 0 ? "+" : "−"}${formatDuration(diffMs, lang)}`, moscow })}</strong>
        </p>
      </div>
    </Card>
  );
}
