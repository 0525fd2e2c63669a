"use client";

import { useState, type FormEvent } from "react";
import { ApiErrorNotice } from "@/app/_components/api-error-notice";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { apiFetch, type ApiError } from "@/lib/client/api";
import type { ClockDiagnosticsView } from "@/lib/clocks/diagnostics";
import styles from "./clocks.module.css";

type Thresholds = ClockDiagnosticsView["thresholds"];

/** Admins set when an offset or a queue delay counts as a problem: seconds and minutes here, milliseconds on the wire. */
export function ThresholdsForm({ value, onSaved }: { value: Thresholds; onSaved: (t: Thresholds) => void }) {
  const tr = useT();
  const [skew, setSkew] = useState(String(value.clockSkewMs / 1000));
  const [queue, setQueue] = useState(String(value.queueDelayMs / 60_000));
  const [state, setState] = useState<{ saving: boolean; error?: ApiError; saved?: boolean }>({ saving: false });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setState({ saving: true });
    try {
      const saved = await apiFetch<Thresholds>("/api/clocks/thresholds", {
        method: "PUT",
        json: { clockSkewMs: Math.round(Number(skew.replace(",", ".")) * 1000), queueDelayMs: Math.round(Number(queue.replace(",", ".")) * 60_000) },
      });
      onSaved(saved);
      setState({ saving: false, saved: true });
    } catch (err) {
      setState({ saving: false, error: err as ApiError });
    }
  }

  return (
    <Card title={tr("clocks.thresholds.title")} description={tr("clocks.thresholds.lead")}>
      <form className={styles.thresholds} onSubmit={submit} noValidate>
        <Field label={tr("clocks.thresholds.skew")} inputMode="decimal" value={skew} onChange={(e) => setSkew(e.target.value)} error={state.error?.fields?.clockSkewMs} />
        <Field label={tr("clocks.thresholds.queue")} inputMode="decimal" value={queue} onChange={(e) => setQueue(e.target.value)} error={state.error?.fields?.queueDelayMs} />
        <Button type="submit" loading={state.saving}>
          {tr("clocks.thresholds.save")}
        </Button>
      </form>
      {state.saved && <Notice tone="success" compact>{tr("clocks.thresholds.saved")}</Notice>}
      {state.error && !state.error.fields && <ApiErrorNotice error={state.error} />}
    </Card>
  );
}
