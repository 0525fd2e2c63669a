"use client";

import { Button } from "@/app/_components/button";
import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import type { MessageKey } from "@/lib/i18n";
import { errorText, fieldId, FormSection, type SectionProps } from "./form-section";
import type { PemKind } from "./providers";
import { PemField, SecretSet } from "./secret-fields";

/** Access to the provider's API; the sandbox has none, so the section is not shown for it. */
export function CredentialsSection(props: SectionProps) {
  const tr = useT();
  switch (props.draft.provider) {
    case "atol":
      return (
        <FormSection title={tr("form.credentials.atol.title")} hint={tr("form.credentials.atol.hint")}>
          <AtolFields {...props} />
        </FormSection>
      );
    case "evotor":
      return (
        <FormSection title={tr("form.credentials.evotor.title")} hint={tr("form.credentials.evotor.hint")}>
          <AtolFields {...props} />
        </FormSection>
      );
    case "orangedata":
      return (
        <FormSection title={tr("form.credentials.orangedata.title")} hint={tr("form.credentials.orangedata.hint")}>
          <OrangeFields {...props} />
        </FormSection>
      );
    case "sandbox":
      return null;
  }
}

/** ATOL Online and Evotor: the same protocol, so the same login, password and group code. */
function AtolFields({ draft, update, errors, isNew, needsSecret, readOnly }: SectionProps) {
  const tr = useT();
  const passwordError = errorText(errors, "credentials.password", tr);
  const replacing = Boolean(draft.replacing.password);

  return (
    <div className="fields-grid">
      <Field
        id={fieldId("credentials.login")}
        label={tr("form.login")}
        error={errorText(errors, "credentials.login", tr)}
        required
        value={draft.login}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => update({ login: event.target.value })}
      />
      {needsSecret("password") ? (
        <Field
          id={fieldId("credentials.password")}
          label={tr("form.password")}
          hint={
            isNew || !replacing ? (
              tr("form.password.newHint")
            ) : (
              <Button variant="ghost" size="sm" onClick={() => update({ replacing: { ...draft.replacing, password: false }, password: "" })}>
                {tr("form.secret.keep")}
              </Button>
            )
          }
          error={passwordError}
          required
          type="password"
          value={draft.password}
          // "new-password" keeps browsers from filling in the admin's own Bitrix24 password.
          autoComplete="new-password"
          autoFocus={replacing}
          onChange={(event) => update({ password: event.target.value })}
        />
      ) : (
        <SecretSet
          path="credentials.password"
          label={tr("form.password")}
          badge={tr("form.password.set")}
          readOnly={readOnly}
          error={passwordError}
          onReplace={() => update({ replacing: { ...draft.replacing, password: true } })}
        />
      )}
      <Field
        id={fieldId("credentials.groupCode")}
        label={tr("form.groupCode")}
        hint={tr("form.groupCode.hint")}
        error={errorText(errors, "credentials.groupCode", tr)}
        required
        value={draft.groupCode}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => update({ groupCode: event.target.value })}
      />
    </div>
  );
}

const pemFields: { kind: PemKind; label: MessageKey; hint: MessageKey }[] = [
  { kind: "clientCert", label: "form.orange.clientCert", hint: "form.orange.clientCert.hint" },
  { kind: "clientKey", label: "form.orange.clientKey", hint: "form.orange.clientKey.hint" },
  { kind: "signingKey", label: "form.orange.signingKey", hint: "form.orange.signingKey.hint" },
];

/** Orange Data: a group and key name, then three PEM values (mutual-TLS certificate and key, request-signing key). */
function OrangeFields({ draft, update, errors, isNew, needsSecret, readOnly, setFieldError }: SectionProps) {
  const tr = useT();
  const group = draft.group.trim();
  // FFD 1.2 groups are named "…_2" (Main_2); a hint, not a rule — the server and Orange decide.
  const groupWarning = group && !group.endsWith("_2") ? tr("form.orange.group.warning") : undefined;

  return (
    <div className="fields-grid">
      <Field
        id={fieldId("credentials.group")}
        label={tr("form.orange.group")}
        hint={tr("form.orange.group.hint")}
        warning={groupWarning}
        error={errorText(errors, "credentials.group", tr)}
        required
        value={draft.group}
        maxLength={100}
        placeholder="Main_2"
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => update({ group: event.target.value })}
      />
      <Field
        id={fieldId("credentials.key")}
        label={tr("form.orange.key")}
        hint={tr("form.orange.key.hint")}
        error={errorText(errors, "credentials.key", tr)}
        value={draft.key}
        maxLength={100}
        placeholder={draft.inn.replace(/\s+/g, "") || undefined}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => update({ key: event.target.value })}
      />
      {pemFields.map(({ kind, label, hint }) => {
        const path = `credentials.${kind}`;
        const error = errorText(errors, path, tr);
        const replacing = Boolean(draft.replacing[kind]);
        return needsSecret(kind) ? (
          <PemField
            key={kind}
            path={path}
            kind={kind}
            label={tr(label)}
            hint={tr(hint)}
            value={draft[kind]}
            error={error}
            autoFocus={replacing}
            onKeep={!isNew && replacing ? () => update({ replacing: { ...draft.replacing, [kind]: false }, [kind]: "" }) : undefined}
            onChange={(value) => update({ [kind]: value })}
            onFileChecked={(issue) => setFieldError(path, issue)}
          />
        ) : (
          <div className="span-2" key={kind}>
            <SecretSet
              path={path}
              label={tr(label)}
              badge={tr("form.secret.set")}
              readOnly={readOnly}
              error={error}
              onReplace={() => update({ replacing: { ...draft.replacing, [kind]: true } })}
            />
          </div>
        );
      })}
    </div>
  );
}
