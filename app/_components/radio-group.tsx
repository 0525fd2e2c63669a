import type { ReactNode } from "react";

export type RadioOption<V extends string = string> = {
  value: V;
  label: ReactNode;
  hint?: ReactNode;
  disabled?: boolean;
  /** Extra inline content after the label, e.g. a «скоро» badge. */
  badge?: ReactNode;
};

type RadioGroupProps<V extends string> = {
  legend: ReactNode;
  name: string;
  value: V;
  options: readonly RadioOption<V>[];
  onValueChange: (value: V) => void;
  error?: string | null;
  id?: string;
  /** Keep the legend for screen readers only, when a visible heading already names the group. */
  hideLegend?: boolean;
};

// Native radios inside a fieldset: arrow keys move the choice, the legend names the group.
export function RadioGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onValueChange,
  error,
  id,
  hideLegend,
}: RadioGroupProps<V>) {
  const errorId = error && id ? `${id}-error` : undefined;
  return (
    <fieldset className="choices" id={id} aria-describedby={errorId} tabIndex={id ? -1 : undefined}>
      <legend className={hideLegend ? "visually-hidden" : "choices__legend"}>{legend}</legend>
      <div className="choices__list">
        {options.map((option) => (
          <label className="choice" key={option.value}>
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              disabled={option.disabled}
              onChange={() => onValueChange(option.value)}
            />
            <span className="choice__text">
              <span className="choice__label">
                {option.label}
                {option.badge}
              </span>
              {option.hint && <span className="choice__hint">{option.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="field__error" style={{ marginTop: 6 }}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
