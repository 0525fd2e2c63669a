"use client";

import type { SWRResponse } from "swr";
import { Button } from "@/app/_components/button";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { Select } from "@/app/_components/select";
import { LoadingBlock } from "@/app/_components/spinner";
import type { ApiError, CatalogVat, VatCode } from "@/lib/client/api";
import { errorText, fieldId, FormSection, type SectionProps } from "./form-section";

const vatCodes: VatCode[] = ["none", "vat0", "vat5", "vat7", "vat10", "vat20", "vat22"];

// Prepayment and advance receipts must carry the calculated rate (FFD tag 1199), e.g. 22/122 for 22 %.
const prepaymentRate: Record<VatCode, string> = {
  none: "—",
  vat0: "—",
  vat5: "5/105",
  vat7: "7/107",
  vat10: "10/110",
  vat20: "20/120",
  vat22: "22/122",
};

type VatSectionProps = SectionProps & { vat: SWRResponse<{ items: CatalogVat[] }, ApiError> };

export function VatSection({ draft, update, errors, isNew, vat }: VatSectionProps) {
  const tr = useT();
  const items = vat.data?.items;
  const options = vatCodes.map((value) => ({ value, label: tr(`form.vat.${value}`) }));
  const valueOf = (item: CatalogVat) => draft.vatMap[item.id] ?? item.suggested;
  const usesVat20 = items?.some((item) => valueOf(item) === "vat20");

  return (
    <FormSection title={tr("form.vat.title")} hint={tr("form.vat.hint")}>
      {vat.error ? (
        <Notice
          tone="warning"
          actions={
            <Button size="sm" onClick={() => void vat.mutate()} loading={vat.isValidating}>
              {tr("common.retry")}
            </Button>
          }
        >
          {/* Without the list the body omits vatMap: the server pre-fills it (POST) or keeps it (PATCH). */}
          {tr(isNew ? "form.vat.loadError" : "form.vat.loadErrorKeep")}
        </Notice>
      ) : !items ? (
        <LoadingBlock text={tr("common.loading")} />
      ) : items.length === 0 ? (
        <p className="muted">{tr("form.vat.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--form">
            <thead>
              <tr>
                <th scope="col">{tr("form.vat.colCatalog")}</th>
                <th scope="col">{tr("form.vat.colRate")}</th>
                <th scope="col">{tr("form.vat.colReceipt")}</th>
                <th scope="col">{tr("form.vat.colPrepayment")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const path = `vatMap.${item.id}`;
                const error = errorText(errors, path, tr);
                const value = valueOf(item);
                return (
                  <tr key={item.id}>
                    <th scope="row">{item.name}</th>
                    <td className="muted">{item.rate === null ? tr("form.vat.noRate") : `${item.rate} %`}</td>
                    <td>
                      <Select
                        id={fieldId(path)}
                        aria-label={`${tr("form.vat.colReceipt")}: ${item.name}`}
                        aria-invalid={Boolean(error)}
                        aria-describedby={error ? `${fieldId(path)}-error` : undefined}
                        value={value}
                        options={options}
                        onValueChange={(code) => update({ vatMap: { ...draft.vatMap, [item.id]: code } })}
                      />
                      {error && (
                        <div id={`${fieldId(path)}-error`} className="field__error" style={{ marginTop: 4 }}>
                          {error}
                        </div>
                      )}
                    </td>
                    <td>{prepaymentRate[value]}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="field__hint">{tr("form.vat.prepaymentNote")}</p>
      {usesVat20 && (
        <Notice tone="warning" compact>
          {tr("form.vat.vat20Note")}
        </Notice>
      )}
    </FormSection>
  );
}
