"use client";

import { useState } from "react";
import { useSWRConfig } from "swr";
import { describeApiError } from "@/app/_components/api-error-notice";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { useLang, useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { apiFetch, type Cashbox } from "@/lib/client/api";
import { providerLabel } from "./providers";

type CashboxItemProps = {
  cashbox: Cashbox;
  /** Admins get the write actions; everyone else only «Подробнее». */
  canWrite: boolean;
  onOpen: () => void;
  onDeleted: (cashbox: Cashbox) => void;
};

type TestState = { kind: "idle" } | { kind: "running" } | { kind: "done"; ok: boolean; message: string };

export function CashboxItem({ cashbox, canWrite, onOpen, onDeleted }: CashboxItemProps) {
  const tr = useT();
  const { lang } = useLang();
  const { mutate } = useSWRConfig();
  const [test, setTest] = useState<TestState>({ kind: "idle" });
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const path = `/api/cashboxes/${encodeURIComponent(cashbox.id)}`;
  const group = cashbox.credentials.groupCode || cashbox.credentials.group;

  async function runTest() {
    setTest({ kind: "running" });
    try {
      const result = await apiFetch<{ ok: boolean; message: string }>(`${path}/test`, { method: "POST" });
      setTest({ kind: "done", ok: result.ok, message: result.message });
    } catch (error) {
      setTest({ kind: "done", ok: false, message: describeApiError(error, tr) });
    }
  }

  async function remove() {
    setDeleting(true);
    setDeleteError(null);
    try {
      await apiFetch(path, { method: "DELETE" });
      await mutate<{ items: Cashbox[] }>(
        "/api/cashboxes",
        (current) => current && { items: current.items.filter((item) => item.id !== cashbox.id) },
        { revalidate: true },
      );
      onDeleted(cashbox);
    } catch (error) {
      setDeleteError(describeApiError(error, tr));
      setDeleting(false);
    }
  }

  return (
    <li className="cashbox">
      <div className="cashbox__top">
        <div className="cashbox__info">
          <div className="cashbox__title">
            <span className="cashbox__name">{cashbox.name}</span>
            {/* The sandbox is a test register whatever its stored mode says. */}
            {cashbox.mode === "test" || cashbox.provider === "sandbox" ? (
              <Badge tone="warning">{tr("cashbox.mode.test")}</Badge>
            ) : (
              <Badge tone="primary">{tr("cashbox.mode.live")}</Badge>
            )}
            {cashbox.bitrix.status === "synced" ? (
              <Badge tone="success">{tr("cashbox.sync.synced")}</Badge>
            ) : (
              <Badge tone="alert">{tr("cashbox.sync.error")}</Badge>
            )}
            {!cashbox.active && <Badge tone="neutral">{tr("cashbox.inactive")}</Badge>}
          </div>
          <div className="cashbox__meta">
            <span>{tr(providerLabel[cashbox.provider] ?? "cashbox.provider.atol")}</span>
            {group && <span>{tr("cashbox.meta.group", { group })}</span>}
            {cashbox.company.inn && <span>{tr("cashbox.meta.inn", { inn: cashbox.company.inn })}</span>}
            <span>{tr("cashbox.meta.updated", { date: formatDate(cashbox.updatedAt, lang) })}</span>
          </div>
        </div>
        <div className="cashbox__actions">
          {canWrite ? (
            <>
              <Button size="sm" onClick={onOpen}>
                {tr("cashbox.edit")}
              </Button>
              <Button size="sm" onClick={runTest} loading={test.kind === "running"}>
                {test.kind === "running" ? tr("cashbox.testing") : tr("cashbox.test")}
              </Button>
              <Button size="sm" variant="ghost-danger" onClick={() => setConfirming(true)} disabled={confirming}>
                {tr("cashbox.delete")}
              </Button>
            </>
          ) : (
            <Button size="sm" variant="ghost" onClick={onOpen}>
              {tr("cashbox.view")}
            </Button>
          )}
        </div>
      </div>

      {cashbox.bitrix.status === "error" && (
        <Notice tone="alert" compact>
          <strong>{tr("cashbox.sync.label")}</strong> {cashbox.bitrix.error || tr("cashbox.sync.notRegistered")}
        </Notice>
      )}
      {test.kind === "done" && (
        <Notice tone={test.ok ? "success" : "alert"} compact>
          <strong>{tr("cashbox.testResult")}</strong> {test.message}
        </Notice>
      )}
      {confirming && (
        <Notice
          tone="warning"
          actions={
            <>
              <Button size="sm" variant="danger" onClick={remove} loading={deleting}>
                {tr("cashbox.deleteYes")}
              </Button>
              {/* Focus lands on the safe choice, so a stray Enter does not delete. */}
              <Button size="sm" onClick={() => setConfirming(false)} disabled={deleting} autoFocus>
                {tr("common.cancel")}
              </Button>
            </>
          }
        >
          {tr("cashbox.deleteConfirm", { name: cashbox.name })}
          {deleteError && (
            <div className="field__error" style={{ marginTop: 4 }}>
              {deleteError}
            </div>
          )}
        </Notice>
      )}
    </li>
  );
}

function formatDate(iso: string, lang: "ru" | "en"): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(date);
}
