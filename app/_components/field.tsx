import { useId, type InputHTMLAttributes, type ReactNode } from "react";

/** Props a control needs so the label, hint and error are announced with it. */
export type ControlA11y = {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
  required: boolean | undefined;
};

type FieldFrameProps = {
  label: ReactNode;
  id?: string;
  hint?: ReactNode;
  /** A non-blocking warning shown in place of the hint (e.g. the client-side INN check). */
  warning?: ReactNode;
  error?: string | null;
  required?: boolean;
  className?: string;
  children: (a11y: ControlA11y) => ReactNode;
};

/** Label + control + hint/error; the control is rendered by the caller so inputs and selects share it. */
export function FieldFrame({ label, id, hint, warning, error, required, className, children }: FieldFrameProps) {
  const autoId = useId();
  const controlId = id ?? autoId;
  // A server error supersedes the client-side warning about the same value; the neutral hint stays.
  const hintText = (error ? null : warning) ?? hint;
  const hintId = hintText ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;

  return (
    <div className={className ? `field ${className}` : "field"}>
      <label className="field__label" htmlFor={controlId}>
        {label}
        {required && (
          <span className="field__required" aria-hidden="true">
            *
          </span>
        )}
      </label>
      {children({ id: controlId, "aria-invalid": Boolean(error), "aria-describedby": describedBy, required })}
      {error && (
        <span id={errorId} className="field__error">
          {error}
        </span>
      )}
      {hintText && (
        <span id={hintId} className={warning && !error ? "field__hint field__hint--warning" : "field__hint"}>
          {hintText}
        </span>
      )}
    </div>
  );
}

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "children"> & {
  label: ReactNode;
  hint?: ReactNode;
  warning?: ReactNode;
  error?: string | null;
  /** Class of the wrapper, e.g. "span-2" inside .fields-grid. */
  wrapperClassName?: string;
};

export function Field({ label, hint, warning, error, id, required, wrapperClassName, ...input }: FieldProps) {
  return (
    <FieldFrame
      label={label}
      id={id}
      hint={hint}
      warning={warning}
      error={error}
      required={required}
      className={wrapperClassName}
    >
      {(a11y) => <input className="input" {...input} {...a11y} />}
    </FieldFrame>
  );
}
