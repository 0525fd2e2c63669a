import type { ReactNode } from "react";

export type BadgeTone = "primary" | "success" | "warning" | "alert" | "neutral";

type BadgeProps = {
  tone?: BadgeTone;
  /** Air badges: "filled" for final states, "tinted" for everything softer. */
  variant?: "tinted" | "filled";
  title?: string;
  children: ReactNode;
};

export function Badge({ tone = "neutral", variant = "tinted", title, children }: BadgeProps) {
  return (
    <span className={`badge badge--${variant} badge--${tone}`} title={title}>
      {children}
    </span>
  );
}
