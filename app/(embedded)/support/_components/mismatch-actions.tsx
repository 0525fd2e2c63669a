"use client";

import { useState } from "react";
import { describeApiError } from "@/app/_components/api-error-notice";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { FieldFrame } from "@/app/_components/field";
import { useMe } from "@/app/_components/embedded-shell";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { Select } from "@/app/_components/select";
import { apiFetch, ApiError } from "@/lib/client/api";
import { supportApi, type MismatchView } from "@/lib/support/api-types";
import { useSupportFormat } from "./format";
import { usePeople } from "./people";
import styles from "./support.module.css";

type Props = { m: MismatchView; supportUserIds: number[]; onChanged: () => void };

/** Resolve with a note (required), reopen, assign. The server writes the audit row for each. */
export function MismatchActions({ m, supportUserIds, onChanged }: Props) {
  const tr = useT();
  const fmt = useSupportFormat();
  const me = useMe();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const myId = Number(me.data?.user.id);
  const { name } = usePeople();
  const [assignee, setAssignee] = useState(String(m.assigneeId ?? ""));

  async function run(name: string, path: string, json: unknown, ok: string) {
    setBusy(name);
    setError(null);
    setDone(null);
    try {
      await apiFetch(path, { method: "POST", json });
      setDone(ok);
      if (name === "resolve") setNote("");
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields ? Object.values(err.fields)[0] ?? err.message : err.message) : describeApiError(err, tr));
    } finally {
      setBusy(null);
    }
  }

  const people = [...new Set([...(Number.isFinite(myId) ? [myId] : []), ...supportUserIds, ...(m.assigneeId ? [m.assigneeId] : [])])];
  const options = [{ value: "", label: tr("support.action.unassign") }, ...people.map((id) => ({ value: String(id), label: id === myId ? `${tr("support.action.assignMe")} (#${id})` : name(tr, id) }))];

  return (
    <Card title={tr("support.action.title")}>
      <div className="stack">
        {done && (
          <Notice tone="success" compact>
            {done}
          </Notice>
        )}
        {error && (
          <Notice tone="alert" compact>
            {error}
          </Notice>
        )}
        {m.status === "open" ? (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void run("resolve", supportApi.resolve(m.id), { note }, tr("support.action.resolved"));
            }}
          >
            <FieldFrame label={tr("support.action.note")} hint={tr("support.action.noteHint")} required>
              {(a11y) => <textarea className={styles.textarea} value={note} onChange={(e) => setNote(e.target.value)} {...a11y} />}
            </FieldFrame>
            <div>
              <Button type="submit" variant="primary" loading={busy === "resolve"} disabled={note.trim().length < 3}>
                {tr("support.action.resolve")}
              </Button>
            </div>
          </form>
        ) : (
          <div className="stack">
            <dl className={styles.facts}>
              <dt>{tr("support.detail.note")}</dt>
              <dd data-testid="resolution-note">{m.note ?? "—"}</dd>
            </dl>
            {m.resolvedAt && <span className={styles.meta}>{tr("support.detail.resolvedAt", { time: fmt.preciseTime(m.resolvedAt), user: name(tr, m.resolvedBy) })}</span>}
            <div>
              <Button loading={busy === "reopen"} onClick={() => void run("reopen", supportApi.reopen(m.id), {}, tr("support.action.reopened"))}>
                {tr("support.action.reopen")}
              </Button>
            </div>
          </div>
        )}
        <div className={styles.actions}>
          <FieldFrame label={tr("support.detail.assignee")}>{(a11y) => <Select value={assignee} options={options} onValueChange={setAssignee} {...a11y} />}</FieldFrame>
          <Button
            loading={busy === "assign"}
            disabled={assignee === String(m.assigneeId ?? "")}
            onClick={() => void run("assign", supportApi.assign(m.id), { userId: assignee ? Number(assignee) : null }, tr("support.action.assigned"))}
          >
            {tr("support.action.assign")}
          </Button>
        </div>
      </div>
    </Card>
  );
}
