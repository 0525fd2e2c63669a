"use client";

import { useState } from "react";
import { Field } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { SelectField } from "@/app/_components/select";
import type { Sno } from "@/lib/client/api";
import { errorText, fieldId, FormSection, type SectionProps } from "./form-section";

const snoValues: Sno[] = ["osn", "usn_income", "usn_income_outcome", "esn", "patent"];

export function CompanySection({ draft, update, errors }: SectionProps) {
  const tr = useT();
  // The INN hint appears after the first blur so it does not nag while the admin is still typing.
  const [innTouched, setInnTouched] = useState(false);
  const innIssue = innTouched ? checkInn(draft.inn) : null;

  return (
    <FormSection title={tr("form.company.title")}>
      <div className="fields-grid">
        <Field
          id={fieldId("company.inn")}
          label={tr("form.inn")}
          hint={tr("form.inn.hint")}
          warning={
            innIssue === "length" ? tr("form.inn.badLength") : innIssue === "checksum" ? tr("form.inn.badChecksum") : undefined
          }
          error={errorText(errors, "company.inn", tr)}
          required
          value={draft.inn}
          inputMode="numeric"
          maxLength={14}
          autoComplete="off"
          onChange={(event) => update({ inn: event.target.value })}
          onBlur={() => setInnTouched(true)}
        />
        <SelectField
          id={fieldId("company.sno")}
          label={tr("form.sno")}
          error={errorText(errors, "company.sno", tr)}
          value={draft.sno}
          options={snoValues.map((value) => ({ value, label: tr(`form.sno.${value}`) }))}
          onValueChange={(sno) => update({ sno })}
        />
        <Field
          id={fieldId("company.paymentAddress")}
          wrapperClassName="span-2"
          label={tr("form.paymentAddress")}
          hint={tr("form.paymentAddress.hint")}
          error={errorText(errors, "company.paymentAddress", tr)}
          required
          value={draft.paymentAddress}
          maxLength={256}
          placeholder="https://shop.example.ru"
          onChange={(event) => update({ paymentAddress: event.target.value })}
        />
        <Field
          id={fieldId("company.email")}
          label={tr("form.email")}
          hint={tr("form.email.hint")}
          error={errorText(errors, "company.email", tr)}
          required
          type="email"
          value={draft.email}
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => update({ email: event.target.value })}
        />
      </div>
    </FormSection>
  );
}

const innWeights10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const innWeights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const innWeights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/**
 * A hint only — the server validates the INN for real. Control digits per the FNS algorithm:
 * sum(digit × weight) mod 11 mod 10, one check digit for a company INN (10), two for a person (12).
 */
export function checkInn(raw: string): "length" | "checksum" | null {
  const inn = raw.replace(/\s+/g, "");
  if (!inn) return null;
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return "length";
  const digits = [...inn].map(Number);
  const control = (weights: number[]) => (weights.reduce((sum, weight, index) => sum + weight * digits[index], 0) % 11) % 10;
  const ok =
    inn.length === 10
      ? control(innWeights10) === digits[9]
      : control(innWeights11) === digits[10] && control(innWeights12) === digits[11];
  return ok ? null : "checksum";
}
