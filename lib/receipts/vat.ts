import { mulDivRound } from "./money";
import type { PaymentMethod, VatCode, VatType } from "./types";

// Prepayments and advances carry the calculated rate (10/110, 22/122…): НК РФ ст. 164 п. 4, providers §2.1, Bitrix's
// cashboxatolfarmv4.php `mapVatValue`. 0 % and «без НДС» have no calculated form.

const CALCULATED: Partial<Record<VatCode, VatType>> = {
  vat5: "vat105",
  vat7: "vat107",
  vat10: "vat110",
  vat20: "vat120",
  vat22: "vat122",
};

const PREPAID: ReadonlySet<PaymentMethod> = new Set(["full_prepayment", "prepayment", "advance"]);

/** The VAT a line is fiscalised with: the profile's base rate, or its calculated form for prepayments/advances. */
export function effectiveVat(base: VatCode, method: PaymentMethod): VatType {
  return (PREPAID.has(method) && CALCULATED[base]) || base;
}

export function vatRatePercent(vat: VatType): number {
  switch (vat) {
    case "none":
    case "vat0":
      return 0;
    case "vat5":
    case "vat105":
      return 5;
    case "vat7":
    case "vat107":
      return 7;
    case "vat10":
    case "vat110":
      return 10;
    case "vat20":
    case "vat120":
      return 20;
    case "vat22":
    case "vat122":
      return 22;
  }
}

/** VAT included in a line sum, kopecks: sum × r/(100+r) half-up (providers §2.6); 22/122 is the same formula. */
export function vatSumKop(sumKop: number, vat: VatType): number {
  const rate = vatRatePercent(vat);
  return rate === 0 ? 0 : mulDivRound(sumKop, rate, 100 + rate);
}
