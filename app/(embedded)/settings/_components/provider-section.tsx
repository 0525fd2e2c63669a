"use client";

import { Badge } from "@/app/_components/badge";
import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { RadioGroup, type RadioOption } from "@/app/_components/radio-group";
import type { MessageKey } from "@/lib/i18n";
import { errorText, fieldId, FormSection, type SectionProps } from "./form-section";

// Only ATOL works today; the others are listed so admins see what is coming (next issue adds them).
const providers: { value: string; label: MessageKey; ready: boolean }[] = [
  { value: "atol", label: "cashbox.provider.atol", ready: true },
  { value: "evotor", label: "cashbox.provider.evotor", ready: false },
  { value: "orangedata", label: "cashbox.provider.orangedata", ready: false },
  { value: "sandbox", label: "cashbox.provider.sandbox", ready: false },
];

export function ProviderSection({ draft, update, errors }: SectionProps) {
  const tr = useT();
  const providerOptions: RadioOption[] = providers.map((provider) => ({
    value: provider.value,
    label: tr(provider.label),
    disabled: !provider.ready,
    badge: provider.ready ? undefined : <Badge tone="neutral">{tr("common.soon")}</Badge>,
  }));

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
      </div>
      <RadioGroup
        id={fieldId("provider")}
        legend={tr("form.provider")}
        name="provider"
        value="atol"
        options={providerOptions}
        onValueChange={() => undefined}
        error={errorText(errors, "provider", tr)}
      />
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
    </FormSection>
  );
}
