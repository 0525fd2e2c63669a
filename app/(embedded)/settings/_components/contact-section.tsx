"use client";

import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { RadioGroup } from "@/app/_components/radio-group";
import type { ContactPolicy } from "@/lib/client/api";
import { errorText, fieldId, FormSection, type SectionProps } from "./form-section";

const policies: ContactPolicy[] = ["email_or_phone", "email_only", "phone_only"];

export function ContactSection({ draft, update, errors }: SectionProps) {
  const tr = useT();
  return (
    <FormSection title={tr("form.contact.title")}>
      <RadioGroup
        id={fieldId("contactPolicy")}
        legend={tr("form.contact.title")}
        hideLegend
        name="contactPolicy"
        value={draft.contactPolicy}
        options={policies.map((value) => ({
          value,
          label: tr(`form.contact.${value}`),
          hint: tr(`form.contact.${value}.hint`),
        }))}
        onValueChange={(contactPolicy) => update({ contactPolicy })}
        error={errorText(errors, "contactPolicy", tr)}
      />
      <Notice>{tr("form.contact.note")}</Notice>
    </FormSection>
  );
}
