// The domain receipt: what we fiscalise, independent of Bitrix24's payload and of any provider's JSON.
// Money is integer kopecks; quantities are integer thousandths (ATOL allows 3 decimals), so all sums are exact.

/** The 17 check types Bitrix24 sends in PRINT_URL `type` (docs/bitrix24-protocol.md §3.2). */
export const BITRIX_CHECK_TYPES = [
  "sell",
  "sellreturn",
  "sellreturncash",
  "advancepayment",
  "advancereturn",
  "advancereturncash",
  "prepayment",
  "prepaymentreturn",
  "prepaymentreturncash",
  "fullprepayment",
  "fullprepaymentreturn",
  "fullprepaymentreturncash",
  "credit",
  "creditreturn",
  "creditpayment",
  "creditpaymentreturn",
  "creditpaymentreturncash",
] as const;
export type BitrixCheckType = (typeof BITRIX_CHECK_TYPES)[number];

/** Provider operation (тег 1054 «признак расчёта», plus the correction variants). */
export type Operation = "sell" | "sell_refund" | "sell_correction" | "sell_refund_correction";

/** Признак способа расчёта (тег 1214). */
export type PaymentMethod = "full_prepayment" | "prepayment" | "advance" | "full_payment" | "partial_payment" | "credit" | "credit_payment";

/** A cashbox profile's base VAT for a Bitrix24 catalog rate (same union as the profile's `vatMap` values). */
export type VatCode = "none" | "vat0" | "vat5" | "vat7" | "vat10" | "vat20" | "vat22";

/** Which buyer contact a cashbox profile requires (тег 1008). */
export type ContactPolicy = "email_or_phone" | "email_only" | "phone_only";

/** VAT as ATOL names it (тег 1199): base rates and calculated rates for prepayments/advances. */
export type VatType = "none" | "vat0" | "vat5" | "vat7" | "vat10" | "vat20" | "vat22" | "vat105" | "vat107" | "vat110" | "vat120" | "vat122";

/** Вид оплаты: cash (1031), cashless (1081), advance offset (1215), credit (1216). */
export type PaymentType = "cash" | "cashless" | "advance" | "credit";

export type TaxSystem = "osn" | "usn_income" | "usn_income_outcome" | "esn" | "patent";

export interface ReceiptItem {
  name: string;
  /** Price per unit after discounts, VAT included, kopecks. */
  priceKop: number;
  /** Quantity in thousandths (1 pc = 1000). */
  quantityMilli: number;
  /** price × quantity rounded to the kopeck (тег 1043). Always exactly that after normalisation. */
  sumKop: number;
  vat: VatType;
  /** VAT amount of the line, kopecks (computed, Bitrix24's vat_sum is unreliable). */
  vatSumKop: number;
  paymentMethod: PaymentMethod;
  /** Признак предмета расчёта, FFD 1.2 numeric (тег 1212): 1 товар, 4 услуга, 10 платёж, 33 ТМ с КМ… */
  paymentObject: number;
  /** Мера количества (тег 2108): 0 шт, 11 кг, 41 л, 255 иная… */
  measure: number;
  /**
   * Marking code as Bitrix24 sends it: the raw GS1 DataMatrix text. Bitrix's own ATOL v5 handler base64-encodes it
   * for `mark_code.gs1m` (SALE cashboxatolfarmv5.php), so the ATOL transform does the same.
   */
  markCode?: string;
  /** The delivery line Bitrix24 appends. */
  isDelivery?: boolean;
}

export interface ReceiptPayment {
  type: PaymentType;
  sumKop: number;
}

export interface CompanyInfo {
  inn: string;
  sno: TaxSystem;
  paymentAddress: string;
  email: string;
}

export interface CorrectionInfo {
  /** 0 самостоятельно (self) / 1 по предписанию (instruction), тег 1173. */
  type: "self" | "instruction";
  /** Date of the corrected settlement, ISO `YYYY-MM-DD` (тег 1178). */
  baseDate: string;
  /** Number of the tax authority's order (тег 1179), required for `instruction`. */
  baseNumber?: string;
}

export interface DomainReceipt {
  operation: Operation;
  /** Where it came from: a Bitrix24 check type, or a receipt the app started (refund, correction). */
  checkType: BitrixCheckType | "refund" | "correction";
  items: ReceiptItem[];
  payments: ReceiptPayment[];
  /** Σ items.sumKop (= Σ payments.sumKop). */
  totalKop: number;
  client: { email?: string; phone?: string };
  company: CompanyInfo;
  correction?: CorrectionInfo;
}

/** Normalisation either yields a receipt we can fiscalise, or reasons (Russian, for Bitrix24's ERRORS) why not. */
export type NormalizeResult = { ok: true; receipt: DomainReceipt; warnings: string[] } | { ok: false; errors: string[] };

/** Fiscal attributes of a fiscalised document, as CHECK_URL and sale.cashbox.check.apply need them. */
export interface FiscalResult {
  /** РН ККТ (тег 1037). */
  regNumberKkt: string;
  /** № ФН (тег 1041). */
  fnNumber: string;
  /** ФД № (тег 1040). */
  fiscalDocNumber: number;
  /** ФП(Д) (тег 1077). */
  fiscalDocAttr: string;
  /** № чека за смену (тег 1042). */
  fiscalReceiptNumber: number;
  shiftNumber: number;
  /** The fiscal document's own date-time (тег 1012) as unix ms; the provider gives naive Moscow time. */
  fiscalAt: number;
  /** The provider's raw text of that date-time, kept as evidence. */
  fiscalAtRaw: string;
  totalKop?: number;
  ofdReceiptUrl?: string;
  /** True for sandbox/test documents: never a real receipt. */
  test?: boolean;
}
