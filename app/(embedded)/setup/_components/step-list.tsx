"use client";

import { useT } from "@/app/_components/lang-provider";
import styles from "./setup.module.css";

export type SetupStep = "cashbox" | "connection" | "readiness";
const STEPS: SetupStep[] = ["cashbox", "connection", "readiness"];

/** The three steps of the guided setup, the current one highlighted and the earlier ones ticked. */
export function StepList({ current }: { current: SetupStep }) {
  const tr = useT();
  const at = STEPS.indexOf(current);
  return (
    <ol className={styles.steps} aria-label={tr("setup.stepOf", { n: at + 1 })}>
      {STEPS.map((step, i) => {
        const cls = [styles.step, i === at && styles.stepCurrent, i < at && styles.stepDone].filter(Boolean).join(" ");
        return (
          <li key={step} className={cls} aria-current={i === at ? "step" : undefined}>
            <span className={styles.stepNum}>{i < at ? "✓" : i + 1}</span>
            {tr(`setup.step.${step}`)}
          </li>
        );
      })}
    </ol>
  );
}
