"use client";

import { Fragment, useState } from "react";
import useSWR from "swr";
import { ApiErrorNotice, describeApiError } from "@/app/_components/api-error-notice";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { LoadingBlock } from "@/app/_components/spinner";
import { ApiError, TOKEN_STORAGE_KEY, type ApiError as ApiErrorType } from "@/lib/client/api";
import { supportApi, type Amounts, type ReportResponse } from "@/lib/support/api-types";
import { useSupportFormat } from "./format";
import { vatLabel } from "./labels";
import styles from "./support.module.css";

// The daily reconciliation report and its CSV. The CSV comes from the same server function as the page, so the
// totals row of the file is the totals row shown here.

/** The CSV is fetched with the frame's bearer token (third-party cookies may be blocked) and saved from a blob. */
async function downloadCsv(path: string, fallbackName: string): Promise<void> {
  const headers = new Headers({ accept: "text/csv" });
  try {
    const token = window.sessionStorage.getItem(TOKEN_STORAGE_KEY);
    if (token) headers.set("authorization", `Bearer ${token}`);
  } catch {
    // sessionStorage refused in this frame: the session cookie is the only way left
  }
  const res = await fetch(path, { headers, credentials: "include" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? `Ошибка сервера (${res.status})`);
  }
  const name = res.headers.get("content-disposition")?.match(/filename="([^"]+)"/)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ReportView() {
  const tr = useT();
  const fmt = useSupportFormat();
  const [period, setPeriod] = useState<{ from: string; to: string } | null>(null);
  const key = period ? supportApi.report(period.from, period.to) : "/api/support/report";
  const report = useSWR<ReportResponse, ApiErrorType>(key, { keepPreviousData: true });
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const r = report.data?.report;
  const names = new Map(report.data?.cashboxes.map((c) => [c.id, c.name]) ?? []);
  const cashboxName = (id: string | null) => (id ? (names.get(id) ?? id) : tr("support.report.noCashbox"));

  async function download() {
    if (!r) return;
    setDownloading(true);
    setDownloadError(null);
    try {
      await downloadCsv(supportApi.reportCsv(r.from, r.to), `sverka_${r.from}_${r.to}.csv`);
    } catch (err) {
      setDownloadError(describeApiError(err, tr));
    } finally {
      setDownloading(false);
    }
  }

  const cells = (a: Amounts) => (
    <>
      <td className={styles.num}>{fmt.money(a.paymentsKop)}</td>
      <td className={styles.num}>{fmt.money(a.receiptsKop)}</td>
      <td className={styles.num}>{fmt.money(a.fiscalKop)}</td>
      <td className={`${styles.num} ${a.receiptsVsPaymentsKop ? styles.diff : ""}`}>{fmt.money(a.receiptsVsPaymentsKop)}</td>
      <td className={`${styles.num} ${a.fiscalVsReceiptsKop ? styles.diff : ""}`}>{fmt.money(a.fiscalVsReceiptsKop)}</td>
    </>
  );
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" className={styles.num}>{tr("support.report.col.payments")}</th>
        <th scope="col" className={styles.num}>{tr("support.report.col.receipts")}</th>
        <th scope="col" className={styles.num}>{tr("support.report.col.fiscal")}</th>
        <th scope="col" className={styles.num}>{tr("support.report.col.receiptsVsPayments")}</th>
        <th scope="col" className={styles.num}>{tr("support.report.col.fiscalVsReceipts")}</th>
      </tr>
    </thead>
  );

  return (
    <div className="stack">
      <Card title={tr("support.report.title")} description={tr("support.report.text", { zone: fmt.zoneLabel })}>
        <div className={styles.actions}>
          <Field label={tr("support.filter.from")} type="date" value={period?.from ?? r?.from ?? ""} onChange={(e) => e.target.value && setPeriod({ from: e.target.value, to: period?.to ?? r?.to ?? e.target.value })} />
          <Field label={tr("support.filter.to")} type="date" value={period?.to ?? r?.to ?? ""} onChange={(e) => e.target.value && setPeriod({ from: period?.from ?? r?.from ?? e.target.value, to: e.target.value })} />
          <Button variant="primary" onClick={() => void download()} loading={downloading} disabled={!r}>
            {tr("support.report.download")}
          </Button>
        </div>
        {downloadError && (
          <Notice tone="alert" compact>
            {downloadError}
          </Notice>
        )}
      </Card>
      {report.error && <ApiErrorNotice error={report.error} title={tr("support.report.loadError")} onRetry={() => void report.mutate()} />}
      {!r && !report.error && <LoadingBlock text={tr("common.loading")} />}
      {r && (
        <>
          <div className={styles.totals} data-testid="report-totals">
            {(["paymentsKop", "receiptsKop", "fiscalKop", "receiptsVsPaymentsKop", "fiscalVsReceiptsKop"] as const).map((k) => (
              <Card key={k}>
                <div className={styles.total}>
                  <span className="muted">{tr(`support.report.col.${k.replace(/Kop$/, "")}` as "support.report.col.payments")}</span>
                  <span className={`${styles.totalValue} ${k.includes("Vs") && r.totals[k] ? styles.diff : ""}`} data-total={k}>
                    {fmt.money(r.totals[k])}
                  </span>
                </div>
              </Card>
            ))}
          </div>
          <Card title={tr("support.report.byDay")} description={tr("support.report.diffHint")} padded={false}>
            <table className="table">
              {head(tr("support.report.col.day"))}
              <tbody>
                {r.days.map((d) => (
                  <Fragment key={d.day}>
                    <tr className={d.receiptsVsPaymentsKop || d.fiscalVsReceiptsKop ? styles.rowDiff : undefined} data-testid="report-day">
                      <th scope="row">{fmt.day(d.day)}</th>
                      {cells(d)}
                    </tr>
                    {d.cells.length > 1 &&
                      d.cells.map((c) => (
                        <tr key={`${d.day}|${c.profileId}`}>
                          <td className={styles.meta}>↳ {cashboxName(c.profileId)}</td>
                          {cells(c)}
                        </tr>
                      ))}
                  </Fragment>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{tr("support.report.total")}</th>
                  {cells(r.totals)}
                </tr>
              </tfoot>
            </table>
          </Card>
          <div className={styles.grid2}>
            <Card title={tr("support.report.byCashbox")} padded={false}>
              <table className="table">
                {head(tr("support.report.col.cashbox"))}
                <tbody>
                  {r.byCashbox.map((c) => (
                    <tr key={c.profileId ?? "none"}>
                      <th scope="row">{cashboxName(c.profileId)}</th>
                      {cells(c)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
            <Card title={tr("support.report.byVat")} padded={false}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{tr("support.report.col.vat")}</th>
                    <th scope="col" className={styles.num}>{tr("support.report.col.receipts")}</th>
                    <th scope="col" className={styles.num}>{tr("support.report.col.fiscal")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.byVat.map((v) => (
                    <tr key={v.vat} className={v.receiptsKop !== v.fiscalKop ? styles.rowDiff : undefined}>
                      <th scope="row">{vatLabel(tr, v.vat)}</th>
                      <td className={styles.num}>{fmt.money(v.receiptsKop)}</td>
                      <td className={styles.num}>{fmt.money(v.fiscalKop)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          </div>
        </>
      )}
    </div>
  );
}
