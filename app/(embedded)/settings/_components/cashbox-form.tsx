"use client";

import { useRef, useState, type FormEvent } from "react";
import useSWR, { useSWRConfig } from "swr";
import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { describeApiError } from "@/app/_components/api-error-notice";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { apiFetch, ApiError, type Cashbox, type CashboxInput, type CatalogVat, type FieldErrors } from "@/lib/client/api";
import { CompanySection } from "./company-section";
import { ContactSection } from "./contact-section";
import { CredentialsSection } from "./credentials-section";
import { fieldId, type Draft, type SectionProps } from "./form-section";
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
  const needsPassword = isNew || !cashbox.credentials.passwordSet || draft.replacePassword;

  const update: SectionProps["update"] = (patch) => {
    setDraft((current) => ({ ...current, ...patch }));
    // An edited field's old error is stale; keep the others visible until the next save.
    setErrors((current) => withoutPaths(current, Object.keys(patch) as (keyof Draft)[]));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (readOnly || saving) return;
    const missing = findMissing(draft, needsPassword);
    if (Object.keys(missing).length > 0) {
      setFailure(null);
      showErrors(missing);
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      const body = toInput(draft, needsPassword, vat.data?.items);
      const { item } = cashbox
        ? await apiFetch<{ item: Cashbox }>(`/api/cashboxes/${encodeURIComponent(cashbox.id)}`, { method: "PATCH", json: body })
        : await apiFetch<{ item: Cashbox }>("/api/cashboxes", { method: "POST", json: body });
      void mutate<ListData>("/api/cashboxes", (current) => upsert(current, item), { revalidate: true });
      onSaved(item);
    } catch (error) {
      setFailure(error);
      const fields = error instanceof ApiError ? (error.fields ?? {}) : {};
      if (fields["credentials.password"] && !needsPassword) setDraft((d) => ({ ...d, replacePassword: true }));
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
  const orphanErrors = Object.entries(errors).filter(([path]) => !isShownPath(path, vatIds));
  const sectionProps: SectionProps = { draft, update, errors, readOnly, isNew, needsPassword, cashbox };
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
  return {
    name: cashbox?.name ?? "",
    mode: cashbox?.mode ?? "test",
    login: cashbox?.credentials.login ?? "",
    password: "", // never pre-filled: the server does not return it
    replacePassword: false,
    groupCode: cashbox?.credentials.groupCode ?? "",
    inn: cashbox?.company.inn ?? "",
    sno: cashbox?.company.sno ?? "usn_income",
    paymentAddress: cashbox?.company.paymentAddress ?? "",
    email: cashbox?.company.email ?? "",
    vatMap: cashbox?.vatMap ?? {},
    contactPolicy: cashbox?.contactPolicy ?? "email_or_phone",
  };
}

/** Only emptiness is checked here; formats (INN checksum, e-mail, URL) are the server's call. */
function findMissing(draft: Draft, needsPassword: boolean): FieldErrors {
  const required: [string, string][] = [
    ["name", draft.name],
    ["credentials.login", draft.login],
    ["credentials.groupCode", draft.groupCode],
    ["company.inn", draft.inn],
    ["company.paymentAddress", draft.paymentAddress],
    ["company.email", draft.email],
  ];
  if (needsPassword) required.push(["credentials.password", draft.password]);
  const missing: FieldErrors = {};
  for (const [path, value] of required) if (!value.trim()) missing[path] = "required";
  return missing;
}

function toInput(draft: Draft, sendPassword: boolean, catalog: CatalogVat[] | undefined): CashboxInput {
  return {
    name: draft.name.trim(),
    provider: "atol",
    mode: draft.mode,
    credentials: {
      login: draft.login.trim(),
      groupCode: draft.groupCode.trim(),
      // Omitted password = "keep the stored one" (PATCH contract).
      ...(sendPassword ? { password: draft.password } : {}),
    },
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

const pathsByDraftKey: Partial<Record<keyof Draft, string>> = {
  name: "name",
  mode: "mode",
  login: "credentials.login",
  password: "credentials.password",
  groupCode: "credentials.groupCode",
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
    const path = pathsByDraftKey[key];
    if (path) delete next[path];
  }
  return next;
}

const shownPaths = new Set([...Object.values(pathsByDraftKey), "provider"]);

function isShownPath(path: string, vatIds: Set<string>): boolean {
  return shownPaths.has(path) || (path.startsWith("vatMap.") && vatIds.has(path.slice("vatMap.".length)));
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
