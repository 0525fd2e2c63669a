"use client";

import { useT } from "@/app/_components/lang-provider";
import { useSupportFormat } from "./format";
import styles from "./support.module.css";

// The day-boundary story in four lines: when the payment was, when the fiscal drive says the receipt was, what the
// clocks say about that, and which day each falls on once corrected — the answer to "why do the daily totals differ".

type Ev = {
  portalZone?: string;
  payment?: { local?: string; day?: string };
  receipt?: { local?: string; day?: string; fiscalAtRaw?: string };
  fiscalClock?: { offsetMs?: number; uncertaintyMs?: number; zone?: string | null; zoneShiftMs?: number; skewMs?: number } | null;
  corrected?: { paymentLocal?: string; fiscalLocal?: string; gapMs?: number };
  moscow?: { paymentDay?: string; fiscalDay?: string };
};

const dayOf = (local?: string) => local?.slice(0, 10);

export function DayBoundarySummary({ evidence }: { evidence: Record<string, unknown> }) {
  const tr = useT();
  const fmt = useSupportFormat();
  const e = evidence as Ev;
  if (!e.payment?.local || !e.receipt?.local) return null;
  const clock = e.fiscalClock;
  const sameCorrected = e.corrected?.paymentLocal && e.corrected.fiscalLocal ? dayOf(e.corrected.paymentLocal) === dayOf(e.corrected.fiscalLocal) : null;
  return (
    <ul className={styles.history} data-testid="day-boundary-summary">
      <li>{tr("support.db.payment", { time: fmt.local(e.payment.local), zone: e.portalZone ?? "—" })}</li>
      <li>{tr("support.db.receipt", { time: fmt.local(e.receipt.local), raw: e.receipt.fiscalAtRaw ?? "—" })}</li>
      {clock && typeof clock.offsetMs === "number" && (
        <li>
          {tr("support.db.clock", {
            offset: fmt.duration(clock.offsetMs),
            uncertainty: fmt.duration(clock.uncertaintyMs ?? 0).replace(/^\+/, ""),
            zone: clock.zone ?? "—",
            zoneShift: fmt.duration(clock.zoneShiftMs ?? 0),
            skew: fmt.duration(clock.skewMs ?? 0),
          })}
        </li>
      )}
      {e.corrected?.paymentLocal && e.corrected.fiscalLocal && (
        <li>
          <strong>{tr(sameCorrected ? "support.db.correctedSame" : "support.db.correctedOther", { payment: fmt.local(e.corrected.paymentLocal), receipt: fmt.local(e.corrected.fiscalLocal), gap: fmt.duration(e.corrected.gapMs ?? 0) })}</strong>
        </li>
      )}
      {e.moscow?.paymentDay && <li className={styles.meta}>{tr("support.db.moscow", { payment: fmt.day(e.moscow.paymentDay), receipt: fmt.day(e.moscow.fiscalDay ?? "") })}</li>}
    </ul>
  );
}
