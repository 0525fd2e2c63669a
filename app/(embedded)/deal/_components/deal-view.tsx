"use client";

import { useState } from "react";
import useSWR from "swr";
import { ApiErrorNotice, describeApiError } from "@/app/_components/api-error-notice";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { useMe } from "@/app/_components/embedded-shell";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { LoadingBlock, Spinner } from "@/app/_components/spinner";
import { dealApi, type ApiError, type DealLedger } from "@/lib/client/api";
import { useDealFormat } from "./format";
import { PaymentCard } from "./payment-card";
import { ReceiptsTable } from "./receipts-table";
import styles from "./deal.module.css";

/** While a receipt is on its way through the cashbox, the tab asks again every 3 s; then it stops. */
const POLL_MS = 3000;

export function DealView({ dealId }: { dealId: string }) {
  const tr = useT();
  const valid = /^\d{1,12}$/.test(dealId);
  const me = useMe();
  const ledger = useSWR<DealLedger, ApiError>(valid ? dealApi.ledger(dealId) : null, {
    refreshInterval: (data) => (data?.pending ? POLL_MS : 0),
  });
  const [refreshing, setRefreshing] = useState(false);

  if (!valid) return <Notice tone="alert">{tr("deal.badId")}</Notice>;

  // Until /api/me answers the role is unknown, so action buttons stay hidden rather than flicker.
  const isAdmin = me.data?.user.isAdmin === true;
  const data = ledger.data;
  const reload = () => void ledger.mutate();

  async function refresh() {
    setRefreshing(true);
    try {
      await ledger.mutate();
    } finally {
      setRefreshing(false);
    }
  }

  if (!data) {
    if (ledger.error) {
      return <ApiErrorNotice error={ledger.error} title={tr("deal.loadError")} onRetry={reload} />;
    }
    return <LoadingBlock text={tr("common.loading")} />;
  }

  return (
    <div className={`stack ${styles.view}`}>
      <DealHeader data={data} dealId={dealId} refreshing={refreshing} onRefresh={refresh} />

      {ledger.error && (
        // Keep showing the last good data; say that it may be stale.
        <Notice tone="alert" compact>
          {tr("deal.refreshError", { reason: describeApiError(ledger.error, tr) })}
        </Notice>
      )}
      {me.error && !ledger.error && <ApiErrorNotice error={me.error} onRetry={() => void me.mutate()} />}

      {data.payments.length === 0 ? (
        <Card>
          <div className="empty">
            <h2>{tr("deal.empty.title")}</h2>
            <p>{tr("deal.empty.text")}</p>
          </div>
        </Card>
      ) : (
        data.payments.map((payment) => (
          <PaymentCard key={payment.id} dealId={dealId} payment={payment} isAdmin={isAdmin} onChanged={reload} />
        ))
      )}

      {data.unmatched.length > 0 && (
        <Card
          className={styles.unmatched}
          padded={false}
          title={
            <span className={styles.paymentTitle}>
              <span>{tr("deal.unmatched.title")}</span>
              <Badge tone="warning">{data.unmatched.length}</Badge>
            </span>
          }
          description={tr("deal.unmatched.text")}
        >
          <ReceiptsTable
            receipts={data.unmatched}
            currency="RUB"
            caption={tr("deal.unmatched.title")}
            canAct={false}
            showMatch
          />
        </Card>
      )}
    </div>
  );
}

type DealHeaderProps = {
  data: DealLedger;
  dealId: string;
  refreshing: boolean;
  onRefresh: () => void;
};

function DealHeader({ data, dealId, refreshing, onRefresh }: DealHeaderProps) {
  const tr = useT();
  const fmt = useDealFormat();
  const number = tr("deal.title", { id: data.deal.id || dealId });
  const updated = data.syncedAt ? fmt.moment(data.syncedAt) : "";

  return (
    <div className={styles.head}>
      <div className={styles.headText}>
        <h1 className={styles.title}>
          {data.deal.title ? (
            <>
              {data.deal.title} <span className={styles.titleNumber}>{number}</span>
            </>
          ) : (
            number
          )}
        </h1>
        <p className={styles.headMeta}>
          {updated && <span>{tr("deal.updated", { time: updated })}</span>}
          <span>{tr("deal.timeZone", { zone: fmt.zoneLabel })}</span>
          {data.pending && (
            <span className={styles.polling}>
              <Spinner size={12} />
              {tr("deal.polling")}
            </span>
          )}
        </p>
      </div>
      <Button size="sm" onClick={onRefresh} loading={refreshing}>
        {tr("deal.refresh")}
      </Button>
    </div>
  );
}
