"use client";

import { useState } from "react";
import { describeApiError } from "@/app/_components/api-error-notice";
import { Button } from "@/app/_components/button";
import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { SelectField } from "@/app/_components/select";
import { apiFetch, ApiError } from "@/lib/client/api";
import { supportApi, type ReceiptTrace } from "@/lib/support/api-types";
import styles from "./support.module.css";

/** Resend a failed receipt; refund or correct a fiscalised one. The receipt routes audit under `receipt:<id>`. */
export function ReceiptActions({ r, onChanged }: { r: ReceiptTrace; onChanged: () => void }) {
  const tr = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [type, setType] = useState<"self" | "instruction">("self");
  const [baseDate, setBaseDate] = useState(r.fiscalAt?.slice(0, 10) ?? "");
  const [baseNumber, setBaseNumber] = useState("");
  const fiscalised = r.status === "fiscalised" || r.status === "done";
  if (r.status !== "failed" && !fiscalised) return null;

  async function run(name: string, path: string, json?: unknown) {
    setBusy(name);
    setError(null);
    setDone(false);
    try {
      await apiFetch(path, { method: "POST", json });
      setDone(true);
      setCorrecting(false);
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields ? Object.values(err.fields)[0] ?? err.message : err.message) : describeApiError(err, tr));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="stack">
      {done && (
        <Notice tone="success" compact>
          {tr("support.action.started")}
        </Notice>
      )}
      {error && (
        <Notice tone="alert" compact>
          {error}
        </Notice>
      )}
      <div className={styles.actions}>
        {r.status === "failed" && (
          <Button variant="primary" loading={busy === "resend"} onClick={() => void run("resend", supportApi.resend(r.id))}>
            {tr("support.action.resend")}
          </Button>
        )}
        {fiscalised && r.operation === "sell" && (
          <Button variant="danger" loading={busy === "refund"} onClick={() => window.confirm(tr("support.action.refundConfirm")) && void run("refund", supportApi.refund(r.id))}>
            {tr("support.action.refund")}
          </Button>
        )}
        {fiscalised && (
          <Button onClick={() => setCorrecting((v) => !v)} aria-expanded={correcting}>
            {tr("support.action.correction")}
          </Button>
        )}
      </div>
      {correcting && (
        <form
          className={styles.actions}
          onSubmit={(e) => {
            e.preventDefault();
            void run("correction", supportApi.correction(r.id), { type, baseDate, baseNumber: baseNumber || undefined });
          }}
        >
          <SelectField
            label={tr("support.action.correctionType")}
            value={type}
            options={[
              { value: "self", label: tr("support.action.correctionSelf") },
              { value: "instruction", label: tr("support.action.correctionInstruction") },
            ]}
            onValueChange={setType}
          />
          <Field label={tr("support.action.correctionDate")} type="date" required value={baseDate} onChange={(e) => setBaseDate(e.target.value)} />
          <Field label={tr("support.action.correctionNumber")} value={baseNumber} maxLength={32} onChange={(e) => setBaseNumber(e.target.value)} />
          <Button type="submit" variant="primary" loading={busy === "correction"}>
            {tr("support.action.correction")}
          </Button>
        </form>
      )}
    </div>
  );
}
