"use client";

import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { errorText, fieldId, FormSection, type SectionProps } from "./form-section";

export function CredentialsSection({ draft, update, errors, isNew, needsPassword, readOnly }: SectionProps) {
  const tr = useT();
  const passwordError = errorText(errors, "credentials.password", tr);

  return (
    <FormSection title={tr("form.credentials.title")} hint={tr("form.credentials.hint")}>
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
        {needsPassword ? (
          <Field
            id={fieldId("credentials.password")}
            label={tr("form.password")}
            hint={
              isNew || !draft.replacePassword ? (
                tr("form.password.newHint")
              ) : (
                <Button variant="ghost" size="sm" onClick={() => update({ replacePassword: false, password: "" })}>
                  {tr("form.password.keep")}
                </Button>
              )
            }
            error={passwordError}
            required
            type="password"
            value={draft.password}
            // "new-password" keeps browsers from filling in the admin's own Bitrix24 password.
            autoComplete="new-password"
            autoFocus={draft.replacePassword}
            onChange={(event) => update({ password: event.target.value })}
          />
        ) : (
          // Not a <label for=button>: a label would replace the button's own name («Заменить») for screen readers.
          <div className="field">
            <span className="field__label" id={`${fieldId("credentials.password")}-label`}>
              {tr("form.password")}
            </span>
            <div className="password-set" role="group" aria-labelledby={`${fieldId("credentials.password")}-label`}>
              <Badge tone="success">{tr("form.password.set")}</Badge>
              {!readOnly && (
                <Button
                  id={fieldId("credentials.password")}
                  size="sm"
                  aria-describedby={passwordError ? `${fieldId("credentials.password")}-error` : undefined}
                  onClick={() => update({ replacePassword: true })}
                >
                  {tr("form.password.replace")}
                </Button>
              )}
            </div>
            {passwordError && (
              <span id={`${fieldId("credentials.password")}-error`} className="field__error">
                {passwordError}
              </span>
            )}
          </div>
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
    </FormSection>
  );
}
