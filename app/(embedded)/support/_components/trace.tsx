"use client";

import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { useT } from "@/app/_components/lang-provider";
import { statusView } from "@/app/(embedded)/deal/_components/labels";
import type { ReceiptStatus } from "@/lib/client/api";
import type { AuditView, ClockView, ReceiptTrace } from "@/lib/support/api-types";
import { auditLabel } from "./labels";
import { useSupportFormat } from "./format";
import styles from "./support.module.css";

// The parts of a card every queue item has: a receipt's path through Bitrix24 and the cashbox, the clocks around
// it, and who did what.

export function ReceiptTraceCard({ r, cashboxName }: { r: ReceiptTrace; cashboxName?: string }) {
  const tr = useT();
  const fmt = useSupportFormat();
  return (
    <Card
      title={`${tr("support.receipt")} ${fmt.money(r.totalKop)}${cashboxName ? ` · ${cashboxName}` : ""}`}
      description={tr("support.detail.traceText")}
      actions={<ReceiptBadge status={r.status} />}
    >
      <div className="stack">
        <dl className={styles.facts}>
          <dt>ID</dt>
          <dd>{r.id}</dd>
          <dt>{tr("support.detail.created")}</dt>
          <dd>{fmt.preciseTime(r.bitrixCreatedAt ?? r.createdAt)}</dd>
          {r.fiscal && (
            <>
              <dt>ФН / ФД / ФП</dt>
              <dd>{tr("support.detail.fiscal", { fn: r.fiscal.fnNumber, fd: r.fiscal.fiscalDocNumber, fp: r.fiscal.fiscalDocAttr, shift: r.fiscal.shiftNumber, time: `${fmt.preciseTime(new Date(r.fiscal.fiscalAt).toISOString())} (${r.fiscal.fiscalAtRaw})` })}</dd>
            </>
          )}
          {r.lastError && (
            <>
              <dt>{tr("support.detail.lastError")}</dt>
              <dd className={styles.diff}>{r.lastError}</dd>
            </>
          )}
        </dl>
        <details className={styles.details}>
          <summary>{tr("support.detail.bitrixSent")}</summary>
          {r.bitrixPayload ? <pre className={styles.json}>{JSON.stringify(r.bitrixPayload, null, 2)}</pre> : <p className="muted">{tr("support.detail.noPayload")}</p>}
        </details>
        <details className={styles.details}>
          <summary>{tr("support.detail.weSent")}</summary>
          <pre className={styles.json}>{JSON.stringify({ externalId: r.externalId, attempt: r.attempt, providerUuid: r.providerUuid, ...(r.receipt as object) }, null, 2)}</pre>
        </details>
        <h3>{tr("support.detail.attempts")}</h3>
        {r.attempts.length === 0 ? (
          <p className="muted">{tr("support.detail.noAttempts")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{tr("support.detail.col.time")}</th>
                <th scope="col">{tr("support.detail.col.call")}</th>
                <th scope="col">{tr("support.detail.col.outcome")}</th>
                <th scope="col" className={styles.num}>{tr("support.detail.col.latency")}</th>
                <th scope="col">{tr("support.detail.col.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {r.attempts.map((a, i) => (
                <tr key={i}>
                  <td>{fmt.preciseTime(a.at)}</td>
                  <td>{a.kind}</td>
                  <td>{a.outcome}</td>
                  <td className={styles.num}>{a.latencyMs} ms</td>
                  <td className={styles.wrapCell}>{Object.keys(a.detail).length ? JSON.stringify(a.detail) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Card>
  );
}

/** The deal tab's plain-Russian receipt statuses (Пробит, Ошибка, Нужна проверка…). */
function ReceiptBadge({ status }: { status: string }) {
  const tr = useT();
  const view = statusView[status as ReceiptStatus];
  if (!view) return <Badge>{status}</Badge>;
  return (
    <Badge tone={view.tone} variant={view.variant}>
      {tr(view.label)}
    </Badge>
  );
}

export function ClocksCard({ clocks, cashboxes }: { clocks: ClockView[]; cashboxes: Map<string, string> }) {
  const tr = useT();
  const fmt = useSupportFormat();
  return (
    <Card title={tr("support.detail.clocks")} description={tr("support.detail.clocksText")} padded={clocks.length === 0}>
      {clocks.length === 0 ? (
        <p className="muted">{tr("support.detail.noClocks")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{tr("support.detail.col.time")}</th>
              <th scope="col">{tr("support.detail.col.source")}</th>
              <th scope="col" className={styles.num}>{tr("support.detail.col.offset")}</th>
              <th scope="col">{tr("support.detail.col.zone")}</th>
            </tr>
          </thead>
          <tbody>
            {clocks.map((c, i) => (
              <tr key={i}>
                <td>{fmt.preciseTime(c.measuredAt)}</td>
                <td>
                  {tr(`support.detail.clock.${c.source}`)}
                  <div className={styles.meta}>
                    {c.method}
                    {c.profileId && cashboxes.get(c.profileId) ? ` · ${cashboxes.get(c.profileId)}` : ""}
                  </div>
                </td>
                <td className={`${styles.num} ${Math.abs(c.offsetMs) > 60_000 ? styles.diff : ""}`}>
                  {fmt.duration(c.offsetMs)} ± {fmt.duration(c.uncertaintyMs).replace(/^\+/, "")}
                </td>
                <td>{c.zone ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function HistoryCard({ audit }: { audit: AuditView[] }) {
  const tr = useT();
  const fmt = useSupportFormat();
  return (
    <Card title={tr("support.detail.history")}>
      {audit.length === 0 ? (
        <p className="muted">{tr("support.detail.noHistory")}</p>
      ) : (
        <ol className={styles.history} data-testid="audit-history">
          {audit.map((a) => (
            <li key={a.id}>
              <strong>{auditLabel(tr, a.action)}</strong>
              {typeof a.details.note === "string" && a.details.note && <span>{a.details.note}</span>}
              <span className={styles.meta}>
                {fmt.preciseTime(a.at)} · {typeof a.details.userName === "string" && a.details.userName ? `${a.details.userName} (#${a.userId})` : a.userId ? tr("support.detail.user", { id: a.userId }) : "—"}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
