"use client";

import { useRef, useState } from "react";
import { Button } from "@/app/_components/button";
import { useT } from "@/app/_components/lang-provider";
import { Spinner } from "@/app/_components/spinner";
import {
  apiFetch,
  dealApi,
  type DealPayment,
  type DealReceipt,
  type DealTodoKind,
  type NewReceiptKind,
  type ReceiptPreview,
} from "@/lib/client/api";
import { ConfirmPanel, describeActionError } from "./confirm-panel";
import { useDealFormat } from "./format";
import { paymentTypeLabel, vatLabel } from "./labels";
import styles from "./deal.module.css";

const receiptKindFor: Record<DealTodoKind, NewReceiptKind> = { no_receipt: "full", offset_missing: "offset" };

type TodoListProps = {
  dealId: string;
  payment: DealPayment;
  isAdmin: boolean;
  onDone: (message: string) => void;
};

/** «Что ещё нужно пробить»: the receipts this payment still owes, each with its action for admins. */
export function TodoList({ dealId, payment, isAdmin, onDone }: TodoListProps) {
  const tr = useT();
  return (
    <section className={styles.todo} aria-labelledby={`todo-${payment.id}`}>
      <h3 id={`todo-${payment.id}`} className={styles.todoTitle}>
        {tr("deal.todo.title")}
      </h3>
      <ul className={styles.todoList}>
        {payment.todo.map((item, index) => (
          <TodoItem
            key={`${item.kind}-${index}`}
            dealId={dealId}
            payment={payment}
            kind={item.kind}
            message={item.message}
            isAdmin={isAdmin}
            onDone={onDone}
          />
        ))}
      </ul>
      {!isAdmin && <p className={styles.todoHint}>{tr("deal.todo.adminOnly")}</p>}
    </section>
  );
}

type PreviewState =
  | { step: "idle" }
  | { step: "loading" }
  | { step: "ready"; preview: ReceiptPreview }
  | { step: "refused"; message: string };

type TodoItemProps = {
  dealId: string;
  payment: DealPayment;
  kind: DealTodoKind;
  message: string;
  isAdmin: boolean;
  onDone: (message: string) => void;
};

function TodoItem({ dealId, payment, kind, message, isAdmin, onDone }: TodoItemProps) {
  const tr = useT();
  const [state, setState] = useState<PreviewState>({ step: "idle" });
  const trigger = useRef<HTMLButtonElement>(null);
  const receiptKind = receiptKindFor[kind];

  async function openPreview() {
    setState({ step: "loading" });
    try {
      const { preview } = await apiFetch<{ preview: ReceiptPreview }>(dealApi.preview(dealId, payment.id), {
        method: "POST",
        json: { kind: receiptKind },
      });
      setState({ step: "ready", preview });
    } catch (error) {
      setState({ step: "refused", message: describeActionError(error, tr) });
    }
  }

  function cancel() {
    setState({ step: "idle" });
    requestAnimationFrame(() => trigger.current?.focus());
  }

  async function create() {
    // Idempotent on the server: a second click (or a retry after a timeout) returns the same receipt.
    await apiFetch<{ item: DealReceipt }>(dealApi.receipt(dealId, payment.id), {
      method: "POST",
      json: { kind: receiptKind },
    });
    setState({ step: "idle" });
    onDone(tr("deal.preview.done"));
  }

  const title = tr(receiptKind === "offset" ? "deal.preview.title.offset" : "deal.preview.title.full");

  return (
    <li className={styles.todoItem}>
      <div className={styles.todoRow}>
        <span className={styles.todoIcon} aria-hidden="true">
          !
        </span>
        <span className={styles.todoMessage}>{message}</span>
        {isAdmin && (
          <Button
            ref={trigger}
            size="sm"
            variant="primary"
            onClick={openPreview}
            loading={state.step === "loading"}
            disabled={state.step !== "idle"}
          >
            {tr(kind === "offset_missing" ? "deal.todo.offset" : "deal.todo.full")}
          </Button>
        )}
      </div>
      {state.step === "loading" && (
        <div className={styles.previewLoading} role="status">
          <Spinner size={14} />
          {tr("deal.preview.loading")}
        </div>
      )}
      {state.step === "ready" && (
        <ConfirmPanel title={title} confirmLabel={tr("deal.preview.confirm")} onConfirm={create} onCancel={cancel}>
          <PreviewDetails preview={state.preview} currency={payment.currency} />
        </ConfirmPanel>
      )}
      {state.step === "refused" && (
        <ConfirmPanel
          title={tr("deal.preview.refused")}
          confirmLabel={tr("deal.preview.confirm")}
          canConfirm={false}
          error={state.message}
          onConfirm={async () => undefined}
          onCancel={cancel}
        />
      )}
    </li>
  );
}

function PreviewDetails({ preview, currency }: { preview: ReceiptPreview; currency: string }) {
  const tr = useT();
  const fmt = useDealFormat();
  return (
    <>
      <div className={`${styles.tableBox} ${styles.previewBox}`}>
        <table className={`table ${styles.previewTable}`}>
          <caption className="visually-hidden">{tr("deal.preview.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("deal.preview.col.name")}</th>
              <th scope="col" className={styles.num}>
                {tr("deal.preview.col.qty")}
              </th>
              <th scope="col" className={styles.num}>
                {tr("deal.preview.col.price")}
              </th>
              <th scope="col" className={styles.num}>
                {tr("deal.preview.col.sum")}
              </th>
              <th scope="col">{tr("deal.preview.col.vat")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.items.map((item, index) => (
              <tr key={index}>
                <td data-label={tr("deal.preview.col.name")}>{item.name}</td>
                <td data-label={tr("deal.preview.col.qty")} className={styles.num}>
                  {fmt.number(item.quantity)}
                </td>
                <td data-label={tr("deal.preview.col.price")} className={styles.num}>
                  {fmt.money(item.priceKop, currency)}
                </td>
                <td data-label={tr("deal.preview.col.sum")} className={styles.num}>
                  {fmt.money(item.sumKop, currency)}
                </td>
                <td data-label={tr("deal.preview.col.vat")}>{vatLabel(item.vat, tr)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className={styles.previewSums}>
        {preview.payments.map((pay, index) => (
          <div key={`${pay.type}-${index}`}>
            <dt>{tr(paymentTypeLabel[pay.type] ?? "deal.pay.cashless")}</dt>
            <dd>{fmt.money(pay.sumKop, currency)}</dd>
          </div>
        ))}
        <div className={styles.previewTotal}>
          <dt>{tr("deal.preview.total")}</dt>
          <dd>{fmt.money(preview.totalKop, currency)}</dd>
        </div>
      </dl>
      {preview.warnings.length > 0 && (
        <ul className={styles.previewWarnings} role="list" aria-label={tr("deal.preview.warnings")}>
          {preview.warnings.map((warning, index) => (
            <li key={index}>{warning}</li>
          ))}
        </ul>
      )}
      <p className={styles.confirmText}>{tr("deal.preview.note")}</p>
    </>
  );
}
