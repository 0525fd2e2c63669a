"use client";

import { useEffect, useRef, useState } from "react";
import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import type { DealPayment } from "@/lib/client/api";
import { useDealFormat } from "./format";
import { paymentState } from "./labels";
import { ReceiptsTable } from "./receipts-table";
import { TodoList } from "./todo-list";
import styles from "./deal.module.css";

type PaymentCardProps = {
  dealId: string;
  payment: DealPayment;
  isAdmin: boolean;
  /** Reloads the deal after an action changed its receipts. */
  onChanged: () => void;
};

export function PaymentCard({ dealId, payment, isAdmin, onChanged }: PaymentCardProps) {
  const tr = useT();
  const fmt = useDealFormat();
  const [flash, setFlash] = useState<string | null>(null);
  const flashRef = useRef<HTMLDivElement>(null);
  const state = paymentState(payment);
  const number = payment.accountNumber || String(payment.id);
  const title = payment.accountNumber
    ? tr("deal.payment.title", { number: payment.accountNumber })
    : tr("deal.payment.titleId", { id: payment.id });

  useEffect(() => {
    // The button that started the action may be gone (the to-do is done): keep focus on the result.
    if (flash) flashRef.current?.focus();
  }, [flash]);

  function done(message: string) {
    setFlash(message);
    onChanged();
  }

  const paidText = payment.paid
    ? payment.datePaid
      ? tr("deal.payment.paidAt", { date: fmt.dateTime(payment.datePaid) })
      : tr("deal.payment.paid")
    : tr("deal.payment.unpaid");

  return (
    <Card
      className={styles.payment}
      padded={false}
      title={
        <span className={styles.paymentTitle}>
          <span>{title}</span>
          <Badge tone={state.tone}>{tr(state.label)}</Badge>
        </span>
      }
      description={
        <span className={styles.paymentMeta}>
          <span>{paidText}</span>
          {payment.paySystemName && <span>{payment.paySystemName}</span>}
        </span>
      }
      actions={<span className={styles.amount}>{fmt.money(payment.sumKop, payment.currency)}</span>}
    >
      {flash && (
        <div ref={flashRef} tabIndex={-1} className={styles.flash}>
          <Notice tone="success" compact>
            {flash}
          </Notice>
        </div>
      )}
      {payment.receipts.length > 0 ? (
        <ReceiptsTable
          receipts={payment.receipts}
          currency={payment.currency}
          caption={tr("deal.receipts.caption", { number })}
          canAct={isAdmin}
          onDone={done}
        />
      ) : (
        <p className={styles.noReceipts}>{tr("deal.payment.noReceipts")}</p>
      )}
      {payment.todo.length > 0 && <TodoList dealId={dealId} payment={payment} isAdmin={isAdmin} onDone={done} />}
    </Card>
  );
}
