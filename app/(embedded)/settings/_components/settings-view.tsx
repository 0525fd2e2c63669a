"use client";

import Link from "next/link";
import { useState } from "react";
import useSWR from "swr";
import { ApiErrorNotice } from "@/app/_components/api-error-notice";
import { useScrollToTop } from "@/app/_components/bitrix-frame";
import { Button } from "@/app/_components/button";
import { useMe } from "@/app/_components/embedded-shell";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { LoadingBlock } from "@/app/_components/spinner";
import type { ApiError, Cashbox } from "@/lib/client/api";
import { CashboxForm } from "./cashbox-form";
import { CashboxList } from "./cashbox-list";
import { PaymentsSyncStatus } from "./payments-sync-status";

type View = { kind: "list" } | { kind: "form"; id: string | null };

export function SettingsView() {
  const tr = useT();
  const scrollToTop = useScrollToTop();
  const me = useMe();
  const list = useSWR<{ items: Cashbox[] }, ApiError>("/api/cashboxes");
  const [view, setView] = useState<View>({ kind: "list" });
  const [flash, setFlash] = useState<string | null>(null);

  // Until /api/me answers we do not know the role, so write buttons stay hidden rather than flicker.
  const canWrite = me.data?.user.isAdmin === true;
  const items = list.data?.items;
  const editing = view.kind === "form" && view.id ? items?.find((item) => item.id === view.id) : undefined;

  function open(next: View) {
    setFlash(null);
    setView(next);
    scrollToTop();
  }

  function closeForm(message?: string) {
    setView({ kind: "list" });
    setFlash(message ?? null);
    scrollToTop();
  }

  const showForm = view.kind === "form" && items && (view.id === null ? canWrite : editing);

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{tr("settings.title")}</h1>
          <p>{tr("settings.lead")}</p>
        </div>
        {canWrite && !showForm && items && items.length > 0 && (
          <div className="row">
            {/* The readiness check lives in the guided setup, which opens at it once a cashbox exists. */}
            <Link className="btn" href="/setup">
              {tr("readiness.fromSettings")}
            </Link>
            <Button variant="primary" onClick={() => open({ kind: "form", id: null })}>
              + {tr("settings.add")}
            </Button>
          </div>
        )}
      </div>

      {me.data && !me.data.user.isAdmin && <Notice tone="warning">{tr("settings.readOnly")}</Notice>}
      <PaymentsSyncStatus />
      {me.error && !list.error && <ApiErrorNotice error={me.error} onRetry={() => void me.mutate()} />}
      {flash && <Notice tone="success">{flash}</Notice>}

      {list.error ? (
        <ApiErrorNotice error={list.error} title={tr("settings.loadError")} onRetry={() => void list.mutate()} />
      ) : !items ? (
        <LoadingBlock text={tr("common.loading")} />
      ) : showForm ? (
        <CashboxForm
          key={editing?.id ?? "new"}
          cashbox={editing}
          readOnly={!canWrite}
          onSaved={(item) => closeForm(tr("settings.saved", { name: item.name }))}
          onClose={() => closeForm()}
        />
      ) : (
        <CashboxList
          items={items}
          canWrite={canWrite}
          onAdd={() => open({ kind: "form", id: null })}
          onOpen={(cashbox) => open({ kind: "form", id: cashbox.id })}
          onDeleted={(cashbox) => setFlash(tr("settings.deleted", { name: cashbox.name }))}
        />
      )}
    </div>
  );
}
