"use client";

import { useState } from "react";
import { describeApiError } from "@/app/_components/api-error-notice";
import { Badge, type BadgeTone } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { useMe } from "@/app/_components/embedded-shell";
import { useLang, useT, type Translate } from "@/app/_components/lang-provider";
import { Select } from "@/app/_components/select";
import { apiFetch } from "@/lib/client/api";
import type { MessageKey } from "@/lib/i18n";
import { OFD_CODES, type OfdCode, type Readiness, type ReadinessItem, type ReadinessStatus } from "@/lib/readiness/types";
import styles from "./setup.module.css";

const tones: Record<ReadinessStatus, BadgeTone> = { ok: "success", warn: "warning", fail: "alert", pending: "primary" };

type RowProps = { item: ReadinessItem; readiness: Readiness; cashboxId: string; onEdit: () => void; onChanged: () => void };

/** One item of the check: its status, what it found (or what to do), and the action that fixes it where there is one. */
export function ReadinessRow({ item, readiness, cashboxId, onEdit, onChanged }: RowProps) {
  const tr = useT();
  const text = useItemText(item);
  return (
    <li className={styles.item} data-item={item.id} data-status={item.status}>
      <div>
        <Badge tone={tones[item.status]} variant={item.status === "ok" ? "filled" : "tinted"}>
          {tr(`readiness.status.${item.status}`)}
        </Badge>
      </div>
      <div className={styles.itemBody}>
        <div className={styles.itemTitle}>{tr(`readiness.${item.id}.title` as MessageKey)}</div>
        <div className={styles.itemText}>{text}</div>
        {item.id === "autoPrint" && <div className={styles.explain}>{tr("readiness.autoPrint.explain")}</div>}
        {item.id === "vat" && item.status === "fail" && item.reason === "unmapped" && (
          <div className={styles.actions}>
            <Button size="sm" onClick={onEdit}>
              {tr("readiness.openSettings")}
            </Button>
          </div>
        )}
        {item.id === "ofd" && item.reason === "missing" && <OfdChooser cashboxId={cashboxId} onChanged={onChanged} />}
        {item.id === "testReceipt" && readiness.canSendTestReceipt && <TestReceiptButton cashboxId={cashboxId} again={item.status === "ok"} onChanged={onChanged} />}
      </div>
    </li>
  );
}

function useItemText(item: ReadinessItem): string {
  const tr = useT();
  const { lang } = useLang();
  const me = useMe();
  const vars = { ...item.vars };
  if (item.id === "testReceipt" && typeof vars.at === "string" && vars.at) vars.at = formatAt(vars.at, lang, me.data?.portal.timezone);
  if (item.id === "ofd" && typeof vars.ofd === "string") vars.ofd = ofdName(tr, vars.ofd);
  return tr(`readiness.${item.id}.${item.reason}` as MessageKey, vars);
}

function ofdName(tr: Translate, code: string): string {
  return (OFD_CODES as readonly string[]).includes(code) ? tr(`readiness.ofd.${code as OfdCode}`) : code;
}

/** In the portal's time zone (Moscow when it is unknown), like every time the app shows. */
function formatAt(iso: string, lang: "ru" | "en", zone: string | null | undefined): string {
  return new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: zone || "Europe/Moscow" }).format(new Date(iso));
}

function OfdChooser({ cashboxId, onChanged }: { cashboxId: string; onChanged: () => void }) {
  const tr = useT();
  const [ofd, setOfd] = useState<OfdCode>(OFD_CODES[0]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save() {
    setSaving(true);
    setError(null);
    try {
      await apiFetch("/api/readiness/ofd", { method: "POST", json: { cashboxId, ofd } });
      onChanged();
    } catch (err) {
      setError(describeApiError(err, tr));
    } finally {
      setSaving(false);
    }
  }
  return (
    <div className={styles.actions}>
      <Select aria-label={tr("readiness.ofd.label")} value={ofd} options={OFD_CODES.map((value) => ({ value, label: ofdName(tr, value) }))} onValueChange={setOfd} />
      <Button size="sm" onClick={save} loading={saving}>
        {tr("readiness.ofd.save")}
      </Button>
      {error && <span className="field__error">{error}</span>}
    </div>
  );
}

function TestReceiptButton({ cashboxId, again, onChanged }: { cashboxId: string; again: boolean; onChanged: () => void }) {
  const tr = useT();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function send() {
    setSending(true);
    setError(null);
    try {
      await apiFetch("/api/readiness/test-receipt", { method: "POST", json: { cashboxId } });
      onChanged();
    } catch (err) {
      setError(describeApiError(err, tr));
    } finally {
      setSending(false);
    }
  }
  return (
    <div className={styles.actions}>
      <Button size="sm" variant={again ? "default" : "primary"} onClick={send} loading={sending}>
        {tr(again ? "readiness.testReceipt.again" : "readiness.testReceipt.send")}
      </Button>
      {error && <span className="field__error">{error}</span>}
    </div>
  );
}
