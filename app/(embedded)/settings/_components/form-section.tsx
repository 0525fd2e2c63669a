import { useId, type ReactNode } from "react";
import type { Translate } from "@/app/_components/lang-provider";
import type { Cashbox, CashboxMode, ContactPolicy, FieldErrors, Sno, VatCode } from "@/lib/client/api";

/** The form's editable state: flat, strings as typed; cashbox-form.tsx turns it into the API body. */
export type Draft = {
  name: string;
  mode: CashboxMode;
  login: string;
  password: string;
  /** Editing only: the admin pressed «Заменить», so a new password is sent. */
  replacePassword: boolean;
  groupCode: string;
  inn: string;
  sno: Sno;
  paymentAddress: string;
  email: string;
  vatMap: Record<string, VatCode>;
  contactPolicy: ContactPolicy;
};

export type SectionProps = {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  /** Keyed by API paths (`company.inn`, `vatMap.<id>`), as in the server's 422 envelope. */
  errors: FieldErrors;
  readOnly: boolean;
  isNew: boolean;
  needsPassword: boolean;
  cashbox?: Cashbox;
};

/** DOM id of the control for an API field path, so server errors can be focused. */
export function fieldId(path: string): string {
  return `cb-${path.replace(/[^a-zA-Z0-9_]+/g, "-")}`;
}

/** Server messages are shown verbatim (Russian); the client's own "required" marker is translated. */
export function errorText(errors: FieldErrors, path: string, tr: Translate): string | undefined {
  const value = errors[path];
  if (!value) return undefined;
  return value === "required" ? tr("common.required") : value;
}

type FormSectionProps = { title: string; hint?: ReactNode; children: ReactNode };

export function FormSection({ title, hint, children }: FormSectionProps) {
  const headingId = useId();
  return (
    <section className="form-section" aria-labelledby={headingId}>
      <div className="form-section__head">
        <h3 id={headingId}>{title}</h3>
        {hint && <p>{hint}</p>}
      </div>
      {children}
    </section>
  );
}
