import type { VatCode } from "@/lib/db/schema";

export interface CatalogVat {
  id: string;
  name: string;
  rate: number | null;
}

/**
 * The VAT code a catalog rate most likely means. Only the base rate is mapped: calculated rates (10/110, 22/122…)
 * for prepayments and advances are derived from it when a receipt is built.
 */
export function suggestVatCode(rate: number | null): VatCode {
  switch (rate) {
    case null:
      return "none";
    case 0:
      return "vat0";
    case 5:
      return "vat5";
    case 7:
      return "vat7";
    case 10:
      return "vat10";
    case 20:
      return "vat20";
    case 22:
      return "vat22";
    default:
      return "none";
  }
}

export function suggestVatMap(vats: CatalogVat[]): Record<string, VatCode> {
  return Object.fromEntries(vats.map((v) => [v.id, suggestVatCode(v.rate)]));
}

/** catalog.vat.list answers `{ vats: [{ id, name, rate }] }`; rate is null for «Без НДС». */
export function parseCatalogVats(result: unknown): CatalogVat[] {
  const vats = (result as { vats?: Array<{ id: unknown; name?: unknown; rate?: unknown }> } | null)?.vats ?? [];
  return vats.map((v) => ({
    id: String(v.id),
    name: String(v.name ?? v.id),
    rate: v.rate === null || v.rate === undefined || v.rate === "" ? null : Number(v.rate),
  }));
}
