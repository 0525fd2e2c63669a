import type { ReactNode, SelectHTMLAttributes } from "react";
import { FieldFrame } from "./field";

export type SelectOption<V extends string = string> = { value: V; label: string; disabled?: boolean };

type SelectProps<V extends string> = Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange" | "value"> & {
  value: V;
  options: readonly SelectOption<V>[];
  onValueChange: (value: V) => void;
};

// A styled native <select>: keyboard, screen readers and mobile pickers work without extra JS.
export function Select<V extends string>({ value, options, onValueChange, className, ...rest }: SelectProps<V>) {
  return (
    <select
      className={className ? `select ${className}` : "select"}
      value={value}
      onChange={(event) => onValueChange(event.target.value as V)}
      {...rest}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value} disabled={option.disabled}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

type SelectFieldProps<V extends string> = SelectProps<V> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  wrapperClassName?: string;
};

export function SelectField<V extends string>({
  label,
  hint,
  error,
  id,
  required,
  wrapperClassName,
  ...select
}: SelectFieldProps<V>) {
  return (
    <FieldFrame label={label} id={id} hint={hint} error={error} required={required} className={wrapperClassName}>
      {(a11y) => <Select {...select} {...a11y} />}
    </FieldFrame>
  );
}
