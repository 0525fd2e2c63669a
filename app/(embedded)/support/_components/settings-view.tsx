"use client";

import { useEffect, useState } from "react";
import useSWR, { mutate } from "swr";
import { ApiErrorNotice, describeApiError } from "@/app/_components/api-error-notice";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { useMe } from "@/app/_components/embedded-shell";
import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { LoadingBlock } from "@/app/_components/spinner";
import { apiFetch, ApiError } from "@/lib/client/api";
import { supportApi, type SupportSettings } from "@/lib/support/api-types";
import { useSupportFormat } from "./format";
import { usePeople } from "./people";

/** Support users, who is notified, and the digest period; only admins save (the server checks too). */
export function SupportSettingsView() {
  const tr = useT();
  const fmt = useSupportFormat();
  const me = useMe();
  const settings = useSWR<{ item: SupportSettings }, ApiError>(supportApi.settings);
  const [users, setUsers] = useState("");
  const [notify, setNotify] = useState("");
  const [digest, setDigest] = useState("60");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const item = settings.data?.item;
  const { people, name } = usePeople();
  useEffect(() => {
    if (!item) return;
    setUsers(item.supportUserIds.join(", "));
    setNotify(item.notifyUserId ? String(item.notifyUserId) : "");
    setDigest(String(item.digestMinutes));
  }, [item]);

  if (!item) return settings.error ? <ApiErrorNotice error={settings.error} onRetry={() => void settings.mutate()} /> : <LoadingBlock text={tr("common.loading")} />;
  if (!me.data?.user.isAdmin) return <Notice tone="info">{tr("support.settings.adminOnly")}</Notice>;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    setError(null);
    const parts = users.split(/[\s,;]+/).filter(Boolean);
    if (parts.some((p) => !/^\d+$/.test(p)) || (notify.trim() && !/^\d+$/.test(notify.trim()))) {
      setFields({ supportUserIds: tr("support.settings.badIds") });
      return;
    }
    setFields({});
    setSaving(true);
    try {
      const res = await apiFetch<{ item: SupportSettings }>(supportApi.settings, {
        method: "PUT",
        json: { supportUserIds: parts.map(Number), notifyUserId: notify.trim() ? Number(notify.trim()) : null, digestMinutes: Number(digest) },
      });
      await settings.mutate(res, { revalidate: false });
      await me.mutate();
      await mutate(supportApi.people);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.fields) setFields(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k.split(".")[0]!, v])));
      setError(describeApiError(err, tr));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={tr("support.settings.title")} description={tr("support.settings.text")}>
      <form className="stack" onSubmit={(e) => void save(e)}>
        {saved && (
          <Notice tone="success" compact>
            {tr("support.settings.saved")}
          </Notice>
        )}
        {error && (
          <Notice tone="alert" compact>
            {error}
          </Notice>
        )}
        <div className="fields-grid">
          <Field label={tr("support.settings.users")} hint={tr("support.settings.usersHint")} value={users} onChange={(e) => setUsers(e.target.value)} error={fields.supportUserIds} wrapperClassName="span-2" />
          <Field label={tr("support.settings.notify")} hint={tr("support.settings.notifyHint", { id: item.defaultNotifyUserId ?? "—" })} inputMode="numeric" value={notify} onChange={(e) => setNotify(e.target.value)} error={fields.notifyUserId} />
          <Field label={tr("support.settings.digest")} type="number" min={5} max={10080} value={digest} onChange={(e) => setDigest(e.target.value)} error={fields.digestMinutes} />
        </div>
        {people.some((p) => p.support) && (
          <p className="muted">
            {tr("support.settings.current", {
              names: people
                .filter((p) => p.support)
                .map((p) => name(tr, p.id))
                .join(", "),
            })}
          </p>
        )}
        {item.lastDigestAt && <span className="muted">{tr("support.settings.lastDigest", { time: fmt.preciseTime(item.lastDigestAt) })}</span>}
        <div>
          <Button type="submit" variant="primary" loading={saving}>
            {tr("support.settings.save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
