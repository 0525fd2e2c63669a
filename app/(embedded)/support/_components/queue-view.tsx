"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import useSWR from "swr";
import { ApiErrorNotice } from "@/app/_components/api-error-notice";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { useT } from "@/app/_components/lang-provider";
import { LoadingBlock } from "@/app/_components/spinner";
import { useSupportFormat } from "./format";
import type { ApiError } from "@/lib/client/api";
import { supportApi, type QueueItem, type QueueResponse } from "@/lib/support/api-types";
import { causeLabel, kindLabel } from "./labels";
import { usePeople } from "./people";
import { QueueFilters } from "./queue-filters";
import styles from "./support.module.css";

/** The queue; its filters live in the address (?kind=…&page=…) so the way back from a card keeps them. */
export function QueueView() {
  const tr = useT();
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const query = params.toString();
  const queue = useSWR<QueueResponse, ApiError>(supportApi.queue(query), { keepPreviousData: true });

  function setParams(patch: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) v ? next.set(k, v) : next.delete(k);
    if (!("page" in patch)) next.delete("page");
    router.replace(next.size ? `${path}?${next}` : path, { scroll: false });
  }

  const data = queue.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <>
      <QueueFilters params={params} cashboxes={data?.cashboxes ?? []} openByKind={data?.counts.openByKind ?? {}} onChange={setParams} onReset={() => router.replace(path, { scroll: false })} />
      {queue.error && <ApiErrorNotice error={queue.error} title={tr("support.loadError")} onRetry={() => void queue.mutate()} />}
      {!data && !queue.error && <LoadingBlock text={tr("common.loading")} />}
      {data && (
        <Card padded={false} title={<span className={styles.counts}>{tr("support.counts", { total: data.total, mismatches: data.counts.mismatches, receipts: data.counts.receipts })}</span>}>
          {data.items.length === 0 ? (
            <div className="empty">
              <h2>{tr("support.empty.title")}</h2>
              <p>{tr("support.empty.text")}</p>
            </div>
          ) : (
            <QueueTable items={data.items} cashboxes={data.cashboxes} />
          )}
          {pages > 1 && (
            <div className={`card__foot ${styles.pager}`}>
              <Button size="sm" disabled={data.page <= 1} onClick={() => setParams({ page: String(data.page - 1) })}>
                ← {tr("support.prev")}
              </Button>
              <span className={styles.counts}>{tr("support.page", { page: data.page, pages })}</span>
              <Button size="sm" disabled={data.page >= pages} onClick={() => setParams({ page: String(data.page + 1) })}>
                {tr("support.next")} →
              </Button>
            </div>
          )}
        </Card>
      )}
    </>
  );
}

function QueueTable({ items, cashboxes }: { items: QueueItem[]; cashboxes: QueueResponse["cashboxes"] }) {
  const tr = useT();
  const fmt = useSupportFormat();
  const { name } = usePeople();
  const names = new Map(cashboxes.map((c) => [c.id, c.name]));
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col" className={styles.nowrap}>{tr("support.col.day")}</th>
          <th scope="col">{tr("support.col.kind")}</th>
          <th scope="col">{tr("support.col.cause")}</th>
          <th scope="col" className={styles.nowrap}>{tr("support.col.deal")}</th>
          <th scope="col" className={styles.num}>{tr("support.col.expected")}</th>
          <th scope="col" className={styles.num}>{tr("support.col.actual")}</th>
          <th scope="col" className={styles.num}>{tr("support.col.delta")}</th>
          <th scope="col">{tr("support.col.status")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={`${i.type}:${i.id}`} data-testid="queue-row">
            <td className={styles.nowrap}>{fmt.day(i.day)}</td>
            <th scope="row">
              <Link href={i.type === "mismatch" ? `/support/mismatches/${i.id}` : `/support/receipts/${i.id}`}>{kindLabel(tr, i.kind)}</Link>
              {i.profileId && names.get(i.profileId) && <div className={styles.meta}>{names.get(i.profileId)}</div>}
            </th>
            <td>{causeLabel(tr, i.cause)}</td>
            <td>{i.dealId ?? "—"}</td>
            <td className={styles.num}>{fmt.money(i.expectedKop)}</td>
            <td className={styles.num}>{fmt.money(i.actualKop)}</td>
            <td className={`${styles.num} ${i.deltaKop ? styles.diff : ""}`}>{fmt.money(i.deltaKop)}</td>
            <td>
              <Badge tone={i.status === "open" ? (i.type === "receipt" ? "alert" : "warning") : "success"}>{tr(i.status === "open" ? "support.status.open" : "support.status.resolved")}</Badge>
              {i.assigneeId && <div className={styles.meta}>{name(tr, i.assigneeId)}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
