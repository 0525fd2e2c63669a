"use client";

import { useT, type Translate } from "@/app/_components/lang-provider";
import type { MessageKey } from "@/lib/i18n";
import { causeLabel } from "./labels";
import { useSupportFormat, type SupportFormat } from "./format";
import styles from "./support.module.css";

// Reconciliation's evidence as people read it: money in rubles, durations and clock offsets signed in seconds,
// instants in the portal's zone, nested groups as nested lists. Keys get their Russian names where known.

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function keyLabel(tr: Translate, key: string): string {
  const text = tr(`support.ev.${key}` as MessageKey);
  return text.startsWith("support.ev.") ? key : text;
}

function value(tr: Translate, fmt: SupportFormat, key: string, v: unknown): React.ReactNode {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") {
    if (/Kop$/.test(key)) return fmt.money(v);
    if (/Ms$/.test(key)) return fmt.duration(v);
    return fmt.number(v);
  }
  if (typeof v === "boolean") return tr(v ? "support.ev.yes" : "support.ev.no");
  if (typeof v === "string") {
    if (ISO.test(v)) return `${fmt.preciseTime(v)}`;
    if (key === "alsoConsistentWith" || key === "cause") return causeLabel(tr, v);
    return v;
  }
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== "object" || x === null)) return v.length ? v.map((x) => (key === "alsoConsistentWith" ? causeLabel(tr, String(x)) : String(x))).join(", ") : "—";
    return (
      <ol className={styles.history}>
        {v.map((x, i) => (
          <li key={i}>{value(tr, fmt, key, x)}</li>
        ))}
      </ol>
    );
  }
  return <Facts data={v as Record<string, unknown>} />;
}

export function Facts({ data }: { data: Record<string, unknown> }) {
  const tr = useT();
  const fmt = useSupportFormat();
  const entries = Object.entries(data);
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <dl className={styles.facts}>
      {entries.map(([k, v]) => (
        <div key={k} style={{ display: "contents" }}>
          <dt>{keyLabel(tr, k)}</dt>
          <dd>{value(tr, fmt, k, v)}</dd>
        </div>
      ))}
    </dl>
  );
}
