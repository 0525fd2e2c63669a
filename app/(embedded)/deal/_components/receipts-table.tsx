"use client";

import { useId, useRef, useState } from "react";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { useT } from "@/app/_components/lang-provider";
import { apiFetch, dealApi, type DealReceipt } from "@/lib/client/api";
import { ConfirmPanel } from "./confirm-panel";
import { useDealFormat } from "./format";
import { canRefund, kindLabel, statusView } from "./labels";
import styles from "./deal.module.css";

type ReceiptsTableProps = {
  receipts: DealReceipt[];
  currency: string;
  caption: string;
  /** Admins: «Отправить снова» for a failed receipt, «Возврат» for a printed one. */
  canAct: boolean;
  /** The receipts nobody matched with confidence: show how sure the match is. */
  showMatch?: boolean;
  /** After a successful action: a message for the card and a reload of the deal. */
  onDone?: (message: string) => void;
};

export function ReceiptsTable({ receipts, currency, caption, canAct, showMatch = false, onDone }: ReceiptsTableProps) {
  const tr = useT();
  const columns = showMatch ? 6 : 5;
  return (
    <div className={styles.tableBox}>
      <table className={`table ${styles.receipts}`}>
        <caption className="visually-hidden">{caption}</caption>
        {/* Fixed layout with the same column widths in every payment card, so the cards line up. */}
        <colgroup>
          <col className={styles.colReceipt} />
          <col className={styles.colStatus} />
          <col />
          <col className={styles.colContact} />
          {showMatch && <col className={styles.colMatch} />}
          <col className={styles.colActions} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{tr("deal.col.receipt")}</th>
            <th scope="col">{tr("deal.col.status")}</th>
            <th scope="col">{tr("deal.col.fiscal")}</th>
            <th scope="col">{tr("deal.col.contact")}</th>
            {showMatch && <th scope="col">{tr("deal.col.match")}</th>}
            <th scope="col">
              <span className="visually-hidden">{tr("deal.col.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {receipts.map((receipt) => (
            <ReceiptRows
              key={receipt.id}
              receipt={receipt}
              currency={currency}
              columns={columns}
              canAct={canAct}
              showMatch={showMatch}
              onDone={onDone}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Action = "resend" | "refund";

type ReceiptRowsProps = {
  receipt: DealReceipt;
  currency: string;
  columns: number;
  canAct: boolean;
  showMatch: boolean;
  onDone?: (message: string) => void;
};

function ReceiptRows({ receipt, currency, columns, canAct, showMatch, onDone }: ReceiptRowsProps) {
  const tr = useT();
  const fmt = useDealFormat();
  const qrId = useId();
  const [qrOpen, setQrOpen] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const actionButton = useRef<HTMLButtonElement>(null);
  const status = statusView[receipt.status];
  const fiscal = receipt.fiscal;
  const kind = tr(kindLabel[receipt.kind]);
  const sum = fmt.money(receipt.totalKop, currency);
  const ofdUrl = receipt.ofdUrl && /^https?:\/\//i.test(receipt.ofdUrl) ? receipt.ofdUrl : null;
  const showResend = canAct && receipt.status === "failed";
  const showRefund = canAct && canRefund(receipt);

  function closeAction() {
    setAction(null);
    // Back to the button that opened the confirmation, so the keyboard user keeps their place.
    requestAnimationFrame(() => actionButton.current?.focus());
  }

  async function run(kindOfAction: Action) {
    const path = kindOfAction === "resend" ? dealApi.resend(receipt.id) : dealApi.refund(receipt.id);
    await apiFetch<{ item: DealReceipt }>(path, { method: "POST", json: {} });
    setAction(null);
    onDone?.(tr(kindOfAction === "resend" ? "deal.resend.done" : "deal.refund.done"));
  }

  return (
    <>
      <tr className={action || qrOpen ? styles.rowOpen : undefined}>
        <td className={styles.receiptCell}>
          <div className={styles.kind}>{kind}</div>
          <div className={styles.sum}>{sum}</div>
        </td>
        <td className={styles.statusCell}>
          <Badge tone={status.tone} variant={status.variant}>
            {tr(status.label)}
          </Badge>
          {receipt.lastError && (receipt.status === "failed" || receipt.status === "needs_attention") && (
            <div className={receipt.status === "failed" ? styles.errorText : styles.warnText}>{receipt.lastError}</div>
          )}
        </td>
        <td data-label={tr("deal.col.fiscal")}>
          {fiscal ? (
            <div className={styles.fiscal}>
              <div className={styles.fiscalWhen}>
                <span>{fmt.dateTime(fiscal.fiscalAt)}</span>
                {fiscal.test && (
                  <span className={styles.testMark} title={tr("deal.fiscal.testHint")}>
                    {tr("deal.fiscal.test")}
                  </span>
                )}
              </div>
              <dl className={styles.fiscalList}>
                <FiscalItem abbr="deal.fiscal.fn" full="deal.fiscal.fn.full" value={fiscal.fnNumber} />
                <FiscalItem abbr="deal.fiscal.fd" full="deal.fiscal.fd.full" value={String(fiscal.fiscalDocNumber)} />
                <FiscalItem abbr="deal.fiscal.fp" full="deal.fiscal.fp.full" value={fiscal.fiscalDocAttr} />
                <FiscalItem abbr="deal.fiscal.shift" full="deal.fiscal.shift.full" value={String(fiscal.shiftNumber)} />
                <FiscalItem
                  abbr="deal.fiscal.receiptNo"
                  full="deal.fiscal.receiptNo.full"
                  value={String(fiscal.fiscalReceiptNumber)}
                />
              </dl>
            </div>
          ) : (
            <span className="muted">{tr("deal.fiscal.none")}</span>
          )}
        </td>
        <td data-label={tr("deal.col.contact")}>
          {receipt.contact ? (
            <span className={receipt.contact.includes("@") ? styles.contact : styles.phone}>{receipt.contact}</span>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        {showMatch && (
          <td data-label={tr("deal.col.match")}>
            <span title={tr(`deal.match.${receipt.match.method}`)}>
              {tr("deal.match.percent", { percent: Math.round(receipt.match.confidence * 100) })}
            </span>
          </td>
        )}
        <td>
          <div className={styles.actions}>
            {ofdUrl && (
              <a className={styles.link} href={ofdUrl} target="_blank" rel="noopener noreferrer">
                {tr("deal.ofd")}
                <span className="visually-hidden"> ({tr("deal.newTab")})</span>
                <span aria-hidden="true"> ↗</span>
              </a>
            )}
            {receipt.qrSvg && (
              <Button
                size="sm"
                variant="ghost"
                aria-expanded={qrOpen}
                aria-controls={qrId}
                onClick={() => setQrOpen((open) => !open)}
              >
                {tr("deal.qr.show")}
                <span className={qrOpen ? `${styles.chevron} ${styles.chevronOpen}` : styles.chevron} aria-hidden="true" />
              </Button>
            )}
            {showResend && (
              <Button
                size="sm"
                onClick={(event) => {
                  actionButton.current = event.currentTarget;
                  setAction("resend");
                }}
                disabled={action !== null}
              >
                {tr("deal.resend")}
              </Button>
            )}
            {showRefund && (
              <Button
                size="sm"
                variant="ghost-danger"
                onClick={(event) => {
                  actionButton.current = event.currentTarget;
                  setAction("refund");
                }}
                disabled={action !== null}
              >
                {tr("deal.refund")}
              </Button>
            )}
          </div>
        </td>
      </tr>

      {receipt.qrSvg && (
        <tr id={qrId} className={styles.detailRow} hidden={!qrOpen}>
          <td colSpan={columns}>
            {qrOpen && (
              <div className={styles.qrBox}>
                <div
                  className={styles.qr}
                  role="img"
                  aria-label={tr("deal.qr.label")}
                  // The server builds this SVG from the fiscal attributes; it is not user input.
                  dangerouslySetInnerHTML={{ __html: receipt.qrSvg }}
                />
                <div className={styles.qrText}>
                  <p>{tr("deal.qr.hint")}</p>
                  {fiscal && (
                    <dl className={styles.fiscalList}>
                      <FiscalItem abbr="deal.fiscal.rn" full="deal.fiscal.rn.full" value={fiscal.regNumberKkt} />
                      <FiscalItem abbr="deal.fiscal.fn" full="deal.fiscal.fn.full" value={fiscal.fnNumber} />
                      <FiscalItem abbr="deal.fiscal.fd" full="deal.fiscal.fd.full" value={String(fiscal.fiscalDocNumber)} />
                      <FiscalItem abbr="deal.fiscal.fp" full="deal.fiscal.fp.full" value={fiscal.fiscalDocAttr} />
                    </dl>
                  )}
                </div>
              </div>
            )}
          </td>
        </tr>
      )}

      {action && (
        <tr className={styles.detailRow}>
          <td colSpan={columns}>
            <ConfirmPanel
              title={tr(action === "resend" ? "deal.resend.title" : "deal.refund.title")}
              confirmLabel={tr(action === "resend" ? "deal.resend.yes" : "deal.refund.yes")}
              confirmVariant={action === "resend" ? "primary" : "danger"}
              onConfirm={() => run(action)}
              onCancel={closeAction}
            >
              <p className={styles.confirmText}>
                {action === "resend"
                  ? tr("deal.resend.text", { kind, sum })
                  : tr("deal.refund.text", {
                      kind,
                      sum,
                      doc: fiscal ? tr("deal.refund.doc", { fd: fiscal.fiscalDocNumber }) : "",
                    })}
              </p>
            </ConfirmPanel>
          </td>
        </tr>
      )}
    </>
  );
}

type FiscalAbbr = "deal.fiscal.fn" | "deal.fiscal.fd" | "deal.fiscal.fp" | "deal.fiscal.shift" | "deal.fiscal.receiptNo" | "deal.fiscal.rn";

/** «ФН 9999…» with the full name of the attribute for screen readers and on hover. */
function FiscalItem({ abbr, full, value }: { abbr: FiscalAbbr; full: `${FiscalAbbr}.full`; value: string }) {
  const tr = useT();
  return (
    <div>
      <dt>
        <abbr title={tr(full)}>{tr(abbr)}</abbr>
      </dt>
      <dd>{value}</dd>
    </div>
  );
}
