import type { CSSProperties } from "react";

type SpinnerProps = {
  size?: number;
  /** Announced to screen readers; omit when the surrounding text already says what is loading. */
  label?: string;
};

export function Spinner({ size = 16, label }: SpinnerProps) {
  const style = { "--spinner-size": `${size}px` } as CSSProperties;
  return (
    <span className="spinner" style={style} role={label ? "status" : undefined} aria-hidden={label ? undefined : true}>
      {label && <span className="visually-hidden">{label}</span>}
    </span>
  );
}

/** A centred spinner with text, for whole-block loading states. */
export function LoadingBlock({ text }: { text: string }) {
  return (
    <div className="loading-block" role="status">
      <Spinner size={18} />
      <span>{text}</span>
    </div>
  );
}
