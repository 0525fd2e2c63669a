import type { ButtonHTMLAttributes, Ref } from "react";
import { Spinner } from "./spinner";

export type ButtonVariant = "default" | "primary" | "danger" | "ghost" | "ghost-danger";

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: "sm" | "md";
  /** Shows a spinner and blocks clicks while a request is in flight. */
  loading?: boolean;
  /** React 19 passes ref as a plain prop; it reaches the <button> through ...rest (e.g. to return focus). */
  ref?: Ref<HTMLButtonElement>;
};

// type="button" by default: a stray button inside a <form> must never submit it.
export function Button({
  variant = "default",
  size = "md",
  loading = false,
  disabled,
  className,
  type = "button",
  children,
  ...rest
}: ButtonProps) {
  const classes = ["btn", variant !== "default" && `btn--${variant}`, size === "sm" && "btn--sm", className];
  return (
    <button
      type={type}
      className={classes.filter(Boolean).join(" ")}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...rest}
    >
      {loading && <Spinner size={size === "sm" ? 12 : 14} />}
      {children}
    </button>
  );
}
