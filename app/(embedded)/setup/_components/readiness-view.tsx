"use client";

import useSWR from "swr";
import { ApiErrorNotice } from "@/app/_components/api-error-notice";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { LoadingBlock } from "@/app/_components/spinner";
import type { ApiError } from "@/lib/client/api";
import type { Readiness } from "@/lib/readiness/types";
import { ReadinessRow } from "./readiness-row";
import styles from "./setup.module.css";

/** Polls while the test receipt is on its way, so «Тестовый чек пробит» appears without a reload. */
const PENDING_POLL_MS = 1_000;

export function ReadinessView({ cashboxId, onEdit }: { cashboxId: string; onEdit: () => void }) {
  const tr = useT();
  const key = `/api/readiness?cashboxId=${encodeURIComponent(cashboxId)}`;
  const check = useSWR<Readiness, ApiError>(key, {
    refreshInterval: (data) => (data?.items.some((i) => i.status === "pending") ? PENDING_POLL_MS : 0),
  });
  const data = check.data;
  const failing = data?.items.filter((i) => i.status === "fail").length ?? 0;

  return (
    <Card
      title={tr("readiness.title")}
      description={tr("readiness.lead")}
      padded={false}
      actions={
        <Button size="sm" onClick={() => void check.mutate()} loading={check.isValidating && !!data}>
          {tr("readiness.refresh")}
        </Button>
      }
    >
      {check.error ? (
        <div className="card__body">
          <ApiErrorNotice error={check.error} title={tr("readiness.loadError")} onRetry={() => void check.mutate()} />
        </div>
      ) : !data ? (
        <LoadingBlock text={tr("common.loading")} />
      ) : (
        <>
          <div className="card__body">
            {data.ready ? <Notice tone="success">{tr("readiness.ready")}</Notice> : <Notice tone="warning">{tr("readiness.notReady", { count: failing || 1 })}</Notice>}
          </div>
          <ul className={styles.items}>
            {data.items.map((item) => (
              <ReadinessRow key={item.id} item={item} readiness={data} cashboxId={cashboxId} onEdit={onEdit} onChanged={() => void check.mutate()} />
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
