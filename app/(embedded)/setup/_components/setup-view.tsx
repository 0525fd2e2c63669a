"use client";

import { useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import { ApiErrorNotice } from "@/app/_components/api-error-notice";
import { useScrollToTop } from "@/app/_components/bitrix-frame";
import { Button } from "@/app/_components/button";
import { useMe } from "@/app/_components/embedded-shell";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { LoadingBlock } from "@/app/_components/spinner";
import type { ApiError, Cashbox } from "@/lib/client/api";
import { CashboxForm } from "../../settings/_components/cashbox-form";
import { CashboxList } from "../../settings/_components/cashbox-list";
import { ReadinessView } from "./readiness-view";
import { StepList, type SetupStep } from "./step-list";

// Guided setup: the settings' own form and cashbox card (not forks of them), in three steps — the cashbox and its
// provider access, the connection check, the readiness check. Opened with a cashbox already there, it starts at the
// readiness check (that is how settings link to it).

export function SetupView() {
  const tr = useT();
  const me = useMe();
  const scrollToTop = useScrollToTop();
  const { mutate } = useSWRConfig();
  const list = useSWR<{ items: Cashbox[] }, ApiError>("/api/cashboxes");
  const [chosen, setChosen] = useState<SetupStep | null>(null);
  const [form, setForm] = useState<{ id: string | null } | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const items = list.data?.items;
  const cashbox = items?.find((c) => c.active) ?? items?.[0];
  const step: SetupStep = chosen ?? (cashbox ? "readiness" : "cashbox");
  const isAdmin = me.data?.user.isAdmin === true;

  function go(next: SetupStep, message: string | null = null) {
    setForm(null);
    setFlash(message);
    setChosen(next);
    scrollToTop();
  }

  let body;
  if (list.error) body = <ApiErrorNotice error={list.error} onRetry={() => void list.mutate()} />;
  else if (!items || !me.data) body = <LoadingBlock text={tr("common.loading")} />;
  else if (!isAdmin) body = <Notice tone="warning">{tr("setup.readOnly")}</Notice>;
  else if (form) {
    const editing = form.id ? items.find((c) => c.id === form.id) : undefined;
    body = (
      <CashboxForm
        key={editing?.id ?? "new"}
        cashbox={editing}
        readOnly={false}
        onSaved={(item) => {
          // A saved cashbox changes what the check finds: ask again rather than show the last answer.
          void mutate((key) => typeof key === "string" && key.startsWith("/api/readiness"));
          go(editing && step === "readiness" ? "readiness" : "connection", tr("settings.saved", { name: item.name }));
        }}
        onClose={() => setForm(null)}
      />
    );
  } else if (step === "cashbox" || !cashbox) {
    body = <CashboxList items={items} canWrite onAdd={() => setForm({ id: null })} onOpen={(c) => setForm({ id: c.id })} onDeleted={() => void list.mutate()} />;
  } else if (step === "connection") {
    body = (
      <>
        <Notice>{tr("setup.connection.text")}</Notice>
        <CashboxList items={[cashbox]} canWrite onAdd={() => setForm({ id: null })} onOpen={(c) => setForm({ id: c.id })} onDeleted={() => go("cashbox")} />
        <div className="row">
          <Button variant="primary" onClick={() => go("readiness")}>
            {tr("setup.toReadiness")} →
          </Button>
        </div>
      </>
    );
  } else {
    body = <ReadinessView cashboxId={cashbox.id} onEdit={() => setForm({ id: cashbox.id })} />;
  }

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{tr("setup.title")}</h1>
          <p>{tr("setup.lead")}</p>
        </div>
      </div>
      <StepList current={form ? "cashbox" : step} />
      {flash && <Notice tone="success">{flash}</Notice>}
      {body}
    </div>
  );
}
