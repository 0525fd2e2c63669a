"use client";

import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { RadioGroup, type RadioOption } from "@/app/_components/radio-group";
import type { ProviderName } from "@/lib/client/api";
import { errorText, fieldId, FormSection, type SectionProps } from "./form-section";
import { PROVIDERS, providerLabel } from "./providers";

export function ProviderSection({ draft, update, errors, isNew }: SectionProps) {
  const tr = useT();
  const providerOptions: RadioOption<ProviderName>[] = PROVIDERS.map((provider) => ({
    value: provider,
    label: tr(providerLabel[provider]),
    hint: tr(`form.provider.${provider}.hint`),
  }));
  const sandbox = draft.provider === "sandbox";

  return (
    <FormSection title={tr("form.provider.title")}>
      <div className="fields-grid">
        <Field
          id={fieldId("name")}
          label={tr("form.name")}
          hint={tr("form.name.hint")}
          error={errorText(errors, "name", tr)}
          required
          value={draft.name}
          maxLength={100}
          autoComplete="off"
          onChange={(event) => update({ name: event.target.value })}
        />
        {!isNew && (
          // Fixed after creation (the server ignores a change): shown as text, not as a disabled control.
          <div className="field">
            <span className="field__label">{tr("form.provider")}</span>
            <span style={{ display: "flex", alignItems: "center", minHeight: 34, fontWeight: 500 }}>
              {tr(providerLabel[draft.provider])}
            </span>
            <span className="field__hint">{tr("form.provider.fixed")}</span>
          </div>
        )}
      </div>
      {isNew && (
        <RadioGroup
          id={fieldId("provider")}
          legend={tr("form.provider")}
          name="provider"
          value={draft.provider}
          options={providerOptions}
          // The sandbox never fiscalises, so it only has a test mode.
          onValueChange={(provider) => update(provider === "sandbox" ? { provider, mode: "test" } : { provider })}
          error={errorText(errors, "provider", tr)}
        />
      )}
      {sandbox ? (
        <Notice tone="warning" title={tr("form.sandbox.notice")}>
          {tr("form.sandbox.more")}
        </Notice>
      ) : (
        <RadioGroup
          id={fieldId("mode")}
          legend={tr("form.mode")}
          name="mode"
          value={draft.mode}
          options={[
            { value: "test", label: tr("form.mode.test"), hint: tr("form.mode.test.hint") },
            { value: "live", label: tr("form.mode.live"), hint: tr("form.mode.live.hint") },
          ]}
          onValueChange={(mode) => update({ mode })}
          error={errorText(errors, "mode", tr)}
        />
      )}
    </FormSection>
  );
}
