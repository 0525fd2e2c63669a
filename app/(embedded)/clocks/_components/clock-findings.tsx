"use client";

import Link from "next/link";
import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { useLang, useT } from "@/app/_components/lang-provider";
import { makeDealFormat } from "@/app/(embedded)/deal/_components/format";
import type { ClockDiagnosticsView } from "@/lib/clocks/diagnostics";
import { causeLabel, kindLabel } from "@/app/(embedded)/support/_components/labels";
import styles from "./clocks.module.css";

/** The findings whose analysis used these samples, each with the measurements that explain it. */
export function ClockFindings({ view }: { view: ClockDiagnosticsView }) {
  const tr = useT();
  const { lang } = useLang();
  const fmt = makeDealFormat(lang, view.portalZone);
  return (
    <Card title={tr("clocks.findings.title")} description={tr("clocks.findings.lead")}>
      {view.findings.length === 0 ? (
        <p className="muted">{tr("clocks.findings.empty")}</p>
      ) : (
        <ul className={styles.findings} data-testid="clock-findings">
          {view.findings.map((f) => (
            <li key={f.id} className={styles.finding}>
              <Badge tone={f.status === "resolved" ? "neutral" : "warning"}>{kindLabel(tr, f.kind)}</Badge>
              <Link href={`/support/mismatches/${f.id}`}>{causeLabel(tr, f.cause)}</Link>
              <span className={styles.meta}>{f.day.split("-").reverse().join(".")}</span>
              {f.dealId !== null && <span className={styles.meta}>{tr("clocks.findings.deal", { id: f.dealId })}</span>}
              {f.deltaKop !== 0 && <span className={styles.meta}>{fmt.money(f.deltaKop)}</span>}
              {f.sampleIds.length > 0 && <span className={styles.meta}>{tr("clocks.findings.samples", { ids: f.sampleIds.map((id) => `#${id}`).join(", ") })}</span>}
              {f.status === "resolved" && <span className={styles.meta}>{tr("clocks.findings.resolved")}</span>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
