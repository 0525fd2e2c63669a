"use client";

import type { ReadonlyURLSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useMe } from "@/app/_components/embedded-shell";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { SelectField } from "@/app/_components/select";
import type { Cashbox } from "@/lib/support/api-types";
import { CAUSES, QUEUE_KINDS, causeLabel, kindLabel } from "./labels";
import styles from "./support.module.css";

type Props = {
  params: ReadonlyURLSearchParams;
  cashboxes: Cashbox[];
  /** Open mismatches per kind in the chosen period and cashbox, shown beside the kinds. */
  openByKind: Record<string, number>;
  onChange: (patch: Record<string, string | null>) => void;
  onReset: () => void;
};

export function QueueFilters({ params, cashboxes, openByKind, onChange, onReset }: Props) {
  const tr = useT();
  const me = useMe();
  const myId = me.data?.user.id ? String(me.data.user.id) : null;
  // The deal number is typed: it goes to the address when the user stops typing or leaves the field.
  const [deal, setDeal] = useState(params.get("deal") ?? "");
  useEffect(() => setDeal(params.get("deal") ?? ""), [params]);
  const commitDeal = () => {
    const value = deal.trim();
    if (value !== (params.get("deal") ?? "")) onChange({ deal: /^\d+$/.test(value) ? value : null });
  };
  const any = { value: "", label: tr("support.filter.any") };
  return (
    <Card>
      <div className={styles.filters}>
        <SelectField label={tr("support.filter.kind")} value={params.get("kind") ?? ""} options={[any, ...QUEUE_KINDS.map((k) => ({ value: k, label: openByKind[k] ? `${kindLabel(tr, k)} (${openByKind[k]})` : kindLabel(tr, k) }))]} onValueChange={(v) => onChange({ kind: v || null })} />
        <SelectField label={tr("support.filter.cause")} value={params.get("cause") ?? ""} options={[any, ...CAUSES.map((c) => ({ value: c, label: causeLabel(tr, c) }))]} onValueChange={(v) => onChange({ cause: v || null })} />
        <SelectField
          label={tr("support.filter.status")}
          value={params.get("status") ?? "open"}
          options={(["open", "resolved", "all"] as const).map((s) => ({ value: s, label: tr(`support.status.${s}`) }))}
          onValueChange={(v) => onChange({ status: v === "open" ? null : v })}
        />
        <Field label={tr("support.filter.from")} type="date" value={params.get("from") ?? ""} onChange={(e) => onChange({ from: e.target.value || null })} />
        <Field label={tr("support.filter.to")} type="date" value={params.get("to") ?? ""} onChange={(e) => onChange({ to: e.target.value || null })} />
        <Field label={tr("support.filter.deal")} inputMode="numeric" value={deal} onChange={(e) => setDeal(e.target.value)} onBlur={commitDeal} onKeyDown={(e) => e.key === "Enter" && commitDeal()} />
        <SelectField
          label={tr("support.filter.cashbox")}
          value={params.get("cashbox") ?? ""}
          options={[{ value: "", label: tr("support.filter.anyCashbox") }, ...cashboxes.map((c) => ({ value: c.id, label: c.name }))]}
          onValueChange={(v) => onChange({ cashbox: v || null })}
        />
        {myId && (
          <SelectField
            label={tr("support.filter.assignee")}
            value={params.get("assignee") === myId ? myId : ""}
            options={[any, { value: myId, label: tr("support.filter.mine") }]}
            onValueChange={(v) => onChange({ assignee: v || null })}
          />
        )}
        <Button variant="ghost" onClick={onReset}>
          {tr("support.filter.reset")}
        </Button>
      </div>
    </Card>
  );
}
