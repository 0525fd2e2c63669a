"use client";

import Link from "next/link";
import useSWR from "swr";
import { ApiErrorNotice } from "@/app/_components/api-error-notice";
import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { useT } from "@/app/_components/lang-provider";
import { LoadingBlock } from "@/app/_components/spinner";
import type { ApiError } from "@/lib/client/api";
import { supportApi, type MismatchDetail, type MismatchView, type PaymentView, type ReceiptDetail } from "@/lib/support/api-types";
import { DayBoundarySummary } from "./day-boundary-summary";
import { Facts } from "./evidence-view";
import { useSupportFormat } from "./format";
import { causeLabel, kindLabel } from "./labels";
import { MismatchActions } from "./mismatch-actions";
import { usePeople } from "./people";
import { ReceiptActions } from "./receipt-actions";
import styles from "./support.module.css";
import { ClocksCard, HistoryCard, ReceiptTraceCard } from "./trace";

// One queue item on one screen: what happened, why (evidence, receipt trail, clocks), what was done, what to do.

function BackLink() {
  const tr = useT();
  return <Link href="/support">← {tr("support.detail.back")}</Link>;
}

function PaymentLine({ p }: { p: PaymentView | null }) {
  const tr = useT();
  const fmt = useSupportFormat();
  if (!p) return <>—</>;
  return <>{tr("support.detail.paymentLine", { id: p.paymentId, sum: fmt.money(p.sumKop, p.currency), time: p.datePaid ? fmt.preciseTime(p.datePaid) : tr("support.detail.notPaid") })}</>;
}

function Summary({ m, payment, cashbox }: { m: MismatchView; payment: PaymentView | null; cashbox?: string }) {
  const tr = useT();
  const fmt = useSupportFormat();
  const { name } = usePeople();
  return (
    <Card
      title={kindLabel(tr, m.kind)}
      description={causeLabel(tr, m.cause)}
      actions={<Badge tone={m.status === "open" ? "warning" : "success"}>{tr(m.status === "open" ? "support.status.open" : "support.status.resolved")}</Badge>}
    >
      <dl className={styles.facts}>
        <dt>{tr("support.detail.day")}</dt>
        <dd>{fmt.day(m.day)}</dd>
        <dt>{tr("support.col.expected")}</dt>
        <dd>{fmt.money(m.expectedKop)}</dd>
        <dt>{tr("support.col.actual")}</dt>
        <dd>{fmt.money(m.actualKop)}</dd>
        <dt>{tr("support.col.delta")}</dt>
        <dd className={m.deltaKop ? styles.diff : undefined}>{fmt.money(m.deltaKop)}</dd>
        <dt>{tr("support.col.deal")}</dt>
        <dd>{m.dealId ?? "—"}</dd>
        <dt>{tr("support.detail.payment")}</dt>
        <dd>
          <PaymentLine p={payment} />
        </dd>
        <dt>{tr("support.detail.cashbox")}</dt>
        <dd>{cashbox ?? "—"}</dd>
        <dt>{tr("support.detail.assignee")}</dt>
        <dd>{name(tr, m.assigneeId)}</dd>
        <dt>{tr("support.detail.firstSeen", { time: "" }).trim()}</dt>
        <dd>{fmt.preciseTime(m.firstSeenAt)}</dd>
      </dl>
    </Card>
  );
}

export function MismatchDetailView({ id }: { id: string }) {
  const tr = useT();
  const detail = useSWR<MismatchDetail, ApiError>(supportApi.mismatch(id));
  const d = detail.data;
  if (!d) return detail.error ? <ApiErrorNotice error={detail.error} title={tr("support.detail.loadError")} onRetry={() => void detail.mutate()} /> : <LoadingBlock text={tr("common.loading")} />;
  const names = new Map(d.cashboxes.map((c) => [c.id, c.name]));
  const reload = () => void detail.mutate();
  return (
    <div className="stack">
      <BackLink />
      <div className={styles.grid2}>
        <div className="stack">
          <Summary m={d.mismatch} payment={d.payment} cashbox={d.mismatch.profileId ? names.get(d.mismatch.profileId) : undefined} />
          <Card title={tr("support.detail.evidence")} description={tr("support.detail.evidenceText")}>
            <div className="stack">
              {d.mismatch.kind === "day_boundary" && <DayBoundarySummary evidence={d.mismatch.evidence} />}
              <Facts data={d.mismatch.evidence} />
            </div>
          </Card>
          {d.receipts.map((r) => (
            <div key={r.id} className="stack">
              <ReceiptTraceCard r={r} cashboxName={names.get(r.profileId)} />
              <ReceiptActions r={r} onChanged={reload} />
            </div>
          ))}
        </div>
        <div className="stack">
          <MismatchActions m={d.mismatch} supportUserIds={d.supportUserIds} onChanged={reload} />
          <ClocksCard clocks={d.clocks} cashboxes={names} />
          <HistoryCard audit={d.audit} />
        </div>
      </div>
    </div>
  );
}

export function ReceiptDetailView({ id }: { id: string }) {
  const tr = useT();
  const fmt = useSupportFormat();
  const detail = useSWR<ReceiptDetail, ApiError>(supportApi.receipt(id));
  const d = detail.data;
  if (!d) return detail.error ? <ApiErrorNotice error={detail.error} title={tr("support.detail.loadError")} onRetry={() => void detail.mutate()} /> : <LoadingBlock text={tr("common.loading")} />;
  const names = new Map(d.cashboxes.map((c) => [c.id, c.name]));
  return (
    <div className="stack">
      <BackLink />
      <div className={styles.grid2}>
        <div className="stack">
          <ReceiptTraceCard r={d.receipt} cashboxName={names.get(d.receipt.profileId)} />
          <Card title={tr("support.action.title")}>
            <div className="stack">
              <dl className={styles.facts}>
                <dt>{tr("support.detail.payment")}</dt>
                <dd>
                  <PaymentLine p={d.payment} />
                </dd>
                <dt>{tr("support.col.deal")}</dt>
                <dd>{d.receipt.dealId ?? "—"}</dd>
              </dl>
              <ReceiptActions r={d.receipt} onChanged={() => void detail.mutate()} />
            </div>
          </Card>
          {d.mismatches.length > 0 && (
            <Card title={tr("support.detail.related")}>
              <ul className={styles.history}>
                {d.mismatches.map((m) => (
                  <li key={m.id}>
                    <Link href={`/support/mismatches/${m.id}`}>{kindLabel(tr, m.kind)}</Link>
                    <span className={styles.meta}>
                      {fmt.day(m.day)} · {causeLabel(tr, m.cause)} · {tr(m.status === "open" ? "support.status.open" : "support.status.resolved")}
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </div>
        <div className="stack">
          <ClocksCard clocks={d.clocks} cashboxes={names} />
          <HistoryCard audit={d.audit} />
        </div>
      </div>
    </div>
  );
}
