"use client";

import { useRef, useState, type FormEvent } from "react";
import useSWR, { useSWRConfig } from "swr";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { describeApiError } from "@/app/_components/api-error-notice";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import {
  apiFetch,
  ApiError,
  type Cashbox,
  type CashboxInput,
  type CashboxPatch,
  type CatalogVat,
  type FieldErrors,
  type ProviderName,
} from "@/lib/client/api";
import { CompanySection } from "./company-section";
import { ContactSection } from "./contact-section";
import { CredentialsSection } from "./credentials-section";
import { fieldId, type Draft, type SectionProps } from "./form-section";
import { CREDENTIAL_FIELDS, pemIssue, SECRET_FIELDS, type PemKind, type SecretField } from "./providers";
import { ProviderSection } from "./provider-section";
import { VatSection } from "./vat-section";

type CashboxFormProps = {
  /** Absent when adding a new cashbox. */
  cashbox?: Cashbox;
  readOnly: boolean;
  onSaved: (item: Cashbox) => void;
  onClose: () => void;
};

type ListData = { items: Cashbox[] };

export function CashboxForm({ cashbox, readOnly, onSaved, onClose }: CashboxFormProps) {
  const tr = useT();
  const { mutate } = useSWRConfig();
  const vat = useSWR<{ items: CatalogVat[] }, ApiError>("/api/bitrix/vat");
  const [draft, setDraft] = useState<Draft>(() => toDraft(cashbox));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const isNew = !cashbox;
  const needsSecret = (field: SecretField) => isNew || !cashbox.credentials[`${field}Set`] || Boolean(draft.replacing[field]);

  const update: SectionProps["update"] = (patch) => {
    setDraft((current) => ({ ...current, ...patch }));
    // An edited field's old error is stale; keep the others visible until the next save.
    setErrors((current) => withoutPaths(current, Object.keys(patch) as (keyof Draft)[]));
  };

  const setFieldError: SectionProps["setFieldError"] = (path, error) =>
    setErrors((current) => {
      const next = { ...current };
      delete next[path];
      if (error) next[path] = error;
      return next;
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (readOnly || saving) return;
    const missing = findMissing(draft, needsSecret);
    if (Object.keys(missing).length > 0) {
      setFailure(null);
      showErrors(missing);
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      const { item } = cashbox
        ? await apiFetch<{ item: Cashbox }>(`/api/cashboxes/${encodeURIComponent(cashbox.id)}`, {
            method: "PATCH",
            json: toPatch(draft, cashbox, needsSecret, vat.data?.items),
          })
        : await apiFetch<{ item: Cashbox }>("/api/cashboxes", { method: "POST", json: toInput(draft, vat.data?.items) });
      void mutate<ListData>("/api/cashboxes", (current) => upsert(current, item), { revalidate: true });
      onSaved(item);
    } catch (error) {
      setFailure(error);
      const fields = error instanceof ApiError ? (error.fields ?? {}) : {};
      // A refused stored secret (say, an expired certificate) needs its input back to be replaced.
      const refused = SECRET_FIELDS[draft.provider].filter((field) => fields[`credentials.${field}`] && !needsSecret(field));
      if (refused.length) setDraft((d) => ({ ...d, replacing: { ...d.replacing, ...Object.fromEntries(refused.map((f) => [f, true])) } }));
      showErrors(fields);
    } finally {
      setSaving(false);
    }
  }

  function showErrors(fields: FieldErrors) {
    setErrors(fields);
    // After React has rendered the messages (and maybe revealed the password input), focus the first one.
    requestAnimationFrame(() => focusFirstInvalid(formRef.current, Object.keys(fields)));
  }

  const vatIds = new Set((vat.data?.items ?? []).map((item) => item.id));
  const orphanErrors = Object.entries(errors).filter(([path]) => !isShownPath(path, draft.provider, vatIds));
  const sectionProps: SectionProps = { draft, update, errors, readOnly, isNew, needsSecret, setFieldError, cashbox };
  const title = isNew ? tr("form.titleNew") : tr("form.titleEdit", { name: cashbox.name });

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="cashbox-form-title">
      <Card
        padded={false}
        title={<span id="cashbox-form-title">{title}</span>}
        actions={
          <Button variant="ghost" size="sm" onClick={onClose}>
            ← {tr("form.back")}
          </Button>
        }
        footer={
          <div className="stack" style={{ gap: 12, width: "100%" }}>
            {failure !== null && (
              <Notice tone="alert">
                {failure instanceof ApiError && failure.status === 422 && !orphanErrors.length
                  ? `${describeApiError(failure, tr)} ${tr("error.checkFields")}`
                  : describeApiError(failure, tr)}
                {orphanErrors.length > 0 && (
                  <ul style={{ margin: "6px 0 0", paddingLeft: 18 }}>
                    {orphanErrors.map(([path, text]) => (
                      <li key={path}>{text}</li>
                    ))}
                  </ul>
                )}
              </Notice>
            )}
            {failure === null && Object.keys(errors).length > 0 && (
              <Notice tone="alert" compact>
                {tr("error.checkFields")}
              </Notice>
            )}
            <div className="row">
              {!readOnly && (
                <Button type="submit" variant="primary" loading={saving}>
                  {isNew ? tr("form.create") : tr("form.save")}
                </Button>
              )}
              <Button onClick={onClose} disabled={saving}>
                {readOnly ? tr("form.back") : tr("common.cancel")}
              </Button>
            </div>
          </div>
        }
      >
        {/* A disabled fieldset makes every control read-only for non-admins in one place. */}
        <fieldset className="form-fieldset" disabled={readOnly}>
          <ProviderSection {...sectionProps} />
          <CredentialsSection {...sectionProps} />
          <CompanySection {...sectionProps} />
          <VatSection {...sectionProps} vat={vat} />
          <ContactSection {...sectionProps} />
        </fieldset>
      </Card>
    </form>
  );
}

function toDraft(cashbox?: Cashbox): Draft {
  const credentials = cashbox?.credentials ?? {};
  return {
    name: cashbox?.name ?? "",
    provider: cashbox?.provider ?? "atol",
    mode: cashbox?.mode ?? "test",
    login: credentials.login ?? "",
    password: "", // secrets are never pre-filled: the server does not return them
    groupCode: credentials.groupCode ?? "",
    group: credentials.group ?? "",
    key: credentials.key ?? "",
    clientCert: "",
    clientKey: "",
    signingKey: "",
    replacing: {},
    inn: cashbox?.company.inn ?? "",
    sno: cashbox?.company.sno ?? "usn_income",
    paymentAddress: cashbox?.company.paymentAddress ?? "",
    email: cashbox?.company.email ?? "",
    vatMap: cashbox?.vatMap ?? {},
    contactPolicy: cashbox?.contactPolicy ?? "email_or_phone",
  };
}

const requiredCredentials: Record<ProviderName, readonly (keyof Draft & string)[]> = {
  atol: ["login", "groupCode"],
  evotor: ["login", "groupCode"],
  orangedata: ["group"],
  sandbox: [],
};

/** Emptiness, plus the shape of PEM values; formats (INN checksum, e-mail, certificate contents) are the server's call. */
function findMissing(draft: Draft, needsSecret: (field: SecretField) => boolean): FieldErrors {
  const required: [string, string][] = [
    ["name", draft.name],
    ...requiredCredentials[draft.provider].map((key): [string, string] => [`credentials.${key}`, String(draft[key])]),
    ["company.inn", draft.inn],
    ["company.paymentAddress", draft.paymentAddress],
    ["company.email", draft.email],
  ];
  const secrets = SECRET_FIELDS[draft.provider].filter(needsSecret);
  for (const field of secrets) required.push([`credentials.${field}`, draft[field]]);
  const missing: FieldErrors = {};
  for (const [path, value] of required) if (!value.trim()) missing[path] = "required";
  for (const field of secrets) {
    if (field === "password" || missing[`credentials.${field}`]) continue;
    const issue = pemIssue(field, draft[field]);
    if (issue) missing[`credentials.${field}`] = issue;
  }
  return missing;
}

/** The provider's credentials; secrets only where `sendSecret` says so (an omitted secret keeps the stored one). */
function credentialsOf(draft: Draft, sendSecret: (field: SecretField) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of CREDENTIAL_FIELDS[draft.provider]) {
    if ((SECRET_FIELDS[draft.provider] as readonly string[]).includes(key)) {
      if (sendSecret(key as SecretField)) out[key] = key === "password" ? draft.password : draft[key as PemKind].trim();
    } else {
      out[key] = draft[key].trim();
    }
  }
  return out;
}

function commonFields(draft: Draft, catalog: CatalogVat[] | undefined) {
  return {
    name: draft.name.trim(),
    // The sandbox never fiscalises: always test mode, whatever was picked before switching to it.
    mode: draft.provider === "sandbox" ? ("test" as const) : draft.mode,
    company: {
      inn: draft.inn.replace(/\s+/g, ""),
      sno: draft.sno,
      paymentAddress: draft.paymentAddress.trim(),
      email: draft.email.trim(),
    },
    // Without the catalog list we cannot show the mapping, so we leave it to the server (it pre-fills / keeps it).
    ...(catalog ? { vatMap: Object.fromEntries(catalog.map((vat) => [vat.id, draft.vatMap[vat.id] ?? vat.suggested])) } : {}),
    contactPolicy: draft.contactPolicy,
  };
}

function toInput(draft: Draft, catalog: CatalogVat[] | undefined): CashboxInput {
  const credentials = credentialsOf(draft, () => true);
  // An empty key name means "the INN" (Orange's default); the server accepts it omitted.
  if (draft.provider === "orangedata" && !credentials.key) delete credentials.key;
  return { ...commonFields(draft, catalog), provider: draft.provider, credentials };
}

function toPatch(draft: Draft, cashbox: Cashbox, needsSecret: (field: SecretField) => boolean, catalog: CatalogVat[] | undefined): CashboxPatch {
  if (draft.provider === "sandbox") return commonFields(draft, catalog);
  const credentials = credentialsOf(draft, needsSecret);
  // The server keeps a stored value when it gets an empty one, so a cleared key name would silently stay.
  // Orange's default for it is the INN, so clearing it is sent as the INN.
  if (draft.provider === "orangedata" && !credentials.key) {
    if (cashbox.credentials.key) credentials.key = draft.inn.replace(/\s+/g, "");
    else delete credentials.key;
  }
  return { ...commonFields(draft, catalog), credentials };
}

const pathsByDraftKey: Partial<Record<keyof Draft, string>> = {
  name: "name",
  provider: "provider",
  mode: "mode",
  login: "credentials.login",
  password: "credentials.password",
  groupCode: "credentials.groupCode",
  group: "credentials.group",
  key: "credentials.key",
  clientCert: "credentials.clientCert",
  clientKey: "credentials.clientKey",
  signingKey: "credentials.signingKey",
  inn: "company.inn",
  sno: "company.sno",
  paymentAddress: "company.paymentAddress",
  email: "company.email",
  contactPolicy: "contactPolicy",
};

function withoutPaths(errors: FieldErrors, keys: (keyof Draft)[]): FieldErrors {
  const next = { ...errors };
  for (const key of keys) {
    if (key === "vatMap") for (const path of Object.keys(next)) if (path.startsWith("vatMap")) delete next[path];
    // Another provider, other credential fields: the old ones' errors (and a "mode" error, for the sandbox) are moot.
    if (key === "provider") for (const path of Object.keys(next)) if (path.startsWith("credentials.") || path === "mode") delete next[path];
    const path = pathsByDraftKey[key];
    if (path) delete next[path];
  }
  return next;
}

const commonPaths = new Set(["name", "provider", "mode", "company.inn", "company.sno", "company.paymentAddress", "company.email", "contactPolicy"]);

/** Whether an error has a field on screen to sit next to; the rest are listed above the buttons. */
function isShownPath(path: string, provider: ProviderName, vatIds: Set<string>): boolean {
  if (path === "mode") return provider !== "sandbox";
  if (commonPaths.has(path)) return true;
  if (path.startsWith("credentials.")) return (CREDENTIAL_FIELDS[provider] as readonly string[]).includes(path.slice("credentials.".length));
  return path.startsWith("vatMap.") && vatIds.has(path.slice("vatMap.".length));
}

function focusFirstInvalid(form: HTMLFormElement | null, paths: string[]) {
  if (!form) return;
  const elements = paths
    .map((path) => form.querySelector<HTMLElement>(`#${CSS.escape(fieldId(path))}`))
    .filter((element): element is HTMLElement => element !== null);
  elements.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  elements[0]?.focus();
}

function upsert(current: ListData | undefined, item: Cashbox): ListData | undefined {
  if (!current) return current;
  const exists = current.items.some((existing) => existing.id === item.id);
  return { items: exists ? current.items.map((c) => (c.id === item.id ? item : c)) : [...current.items, item] };
}
