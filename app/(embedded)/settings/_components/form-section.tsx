import { useId, type ReactNode } from "react";
import type { Translate } from "@/app/_components/lang-provider";
import type { Cashbox, CashboxMode, ContactPolicy, FieldErrors, ProviderName, Sno, VatCode } from "@/lib/client/api";
import type { MessageKey } from "@/lib/i18n";
import type { PemIssue, SecretField } from "./providers";

/** The form's editable state: flat, strings as typed; cashbox-form.tsx turns it into the API body. */
export type Draft = {
  name: string;
  /** Chosen when adding; fixed afterwards. */
  provider: ProviderName;
  mode: CashboxMode;
  // ATOL and Evotor
  login: string;
  password: string;
  groupCode: string;
  // Orange Data (the three PEM values are secrets)
  group: string;
  key: string;
  clientCert: string;
  clientKey: string;
  signingKey: string;
  /** Editing only: secrets the admin pressed «Заменить» for; the others keep their stored values. */
  replacing: Partial<Record<SecretField, boolean>>;
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
  /** Whether this secret has to be typed in: always for a new cashbox, when editing only after «Заменить». */
  needsSecret: (field: SecretField) => boolean;
  /** Sets (or clears, with null) a client-side error, e.g. when a picked file is not PEM. */
  setFieldError: (path: string, error: ClientError | null) => void;
  cashbox?: Cashbox;
};

/** Errors found in the browser, stored as codes in FieldErrors and translated on display. */
export type ClientError = "required" | PemIssue;

const clientErrors: Record<ClientError, MessageKey> = {
  required: "common.required",
  "pem.notCert": "form.pem.notCert",
  "pem.notKey": "form.pem.notKey",
  "pem.notRsaKey": "form.pem.notRsaKey",
  "pem.isCert": "form.pem.isCert",
  "pem.isKey": "form.pem.isKey",
  "pem.encrypted": "form.pem.encrypted",
  "pem.xml": "form.pem.xml",
  "pem.truncated": "form.pem.truncated",
  "pem.tooBig": "form.pem.tooBig",
  "pem.binary": "form.pem.binary",
};

/** DOM id of the control for an API field path, so server errors can be focused. */
export function fieldId(path: string): string {
  return `cb-${path.replace(/[^a-zA-Z0-9_]+/g, "-")}`;
}

/** Server messages are shown verbatim (Russian); the client's own error codes are translated. */
export function errorText(errors: FieldErrors, path: string, tr: Translate): string | undefined {
  const value = errors[path];
  if (!value) return undefined;
  return Object.hasOwn(clientErrors, value) ? tr(clientErrors[value as ClientError]) : value;
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
