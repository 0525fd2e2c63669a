"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { describeApiError } from "@/app/_components/api-error-notice";
import { Button, type ButtonVariant } from "@/app/_components/button";
import { useT, type Translate } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { ApiError } from "@/lib/client/api";
import styles from "./deal.module.css";

/** The server explains a refused receipt (422) in Russian, with or without an error code: show it as it is. */
export function describeActionError(error: unknown, tr: Translate): string {
  if (error instanceof ApiError && (error.status === 409 || error.status === 422) && error.message) return error.message;
  return describeApiError(error, tr);
}

type ConfirmPanelProps = {
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  confirmVariant?: ButtonVariant;
  /** Runs the action; a thrown error is shown in the panel and the panel stays open. */
  onConfirm: () => Promise<void>;
  onCancel: () => void;
  /** False while there is nothing to confirm (the preview failed): only «Отмена» is offered. */
  canConfirm?: boolean;
  error?: string | null;
};

/**
 * The confirmation step every receipt action goes through: what will happen, then «Оформить» / «Отмена».
 * Takes focus when it opens so keyboard and screen-reader users land on the explanation; Escape cancels.
 */
export function ConfirmPanel({
  title,
  children,
  confirmLabel,
  confirmVariant = "primary",
  onConfirm,
  onCancel,
  canConfirm = true,
  error,
}: ConfirmPanelProps) {
  const tr = useT();
  const ref = useRef<HTMLDivElement>(null);
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  async function confirm() {
    if (running.current) return; // a double click before the re-render must not send twice
    running.current = true;
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm();
    } catch (err) {
      setFailure(describeActionError(err, tr));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  const shownError = error ?? failure;

  return (
    <div
      ref={ref}
      className={styles.confirm}
      role="group"
      aria-label={typeof title === "string" ? title : undefined}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !busy) {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <div className={styles.confirmTitle}>{title}</div>
      {children}
      {shownError && (
        <Notice tone="alert" compact>
          {shownError}
        </Notice>
      )}
      <div className="row">
        {canConfirm && (
          <Button size="sm" variant={confirmVariant} onClick={confirm} loading={busy}>
            {confirmLabel}
          </Button>
        )}
        <Button size="sm" onClick={onCancel} disabled={busy}>
          {canConfirm ? tr("common.cancel") : tr("common.close")}
        </Button>
      </div>
    </div>
  );
}
