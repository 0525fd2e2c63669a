import { BITRIX_CHECK_TYPES, type BitrixCheckType, type PaymentMethod } from "./types";

// Bitrix24's 17 check types → тег 1054 and тег 1214, as in SALE cashboxrest.php `getCheckTypeMap`; that map leaves
// creditpaymentreturn* empty, but a refund keeps the method of what it refunds.

export interface CheckTypeInfo {
  operation: "sell" | "sell_refund";
  paymentMethod: PaymentMethod;
  /** How a refund pays back: `*returncash` cash, `*return` non-cash (bitrix24-protocol.md §3.2). */
  refundPaymentType?: "cash" | "cashless";
}

const sell = (paymentMethod: PaymentMethod): CheckTypeInfo => ({ operation: "sell", paymentMethod });
const refund = (paymentMethod: PaymentMethod, refundPaymentType: "cash" | "cashless"): CheckTypeInfo => ({
  operation: "sell_refund",
  paymentMethod,
  refundPaymentType,
});

export const CHECK_TYPES: Record<BitrixCheckType, CheckTypeInfo> = {
  sell: sell("full_payment"),
  sellreturn: refund("full_payment", "cashless"),
  sellreturncash: refund("full_payment", "cash"),
  advancepayment: sell("advance"),
  advancereturn: refund("advance", "cashless"),
  advancereturncash: refund("advance", "cash"),
  prepayment: sell("prepayment"),
  prepaymentreturn: refund("prepayment", "cashless"),
  prepaymentreturncash: refund("prepayment", "cash"),
  fullprepayment: sell("full_prepayment"),
  fullprepaymentreturn: refund("full_prepayment", "cashless"),
  fullprepaymentreturncash: refund("full_prepayment", "cash"),
  credit: sell("credit"),
  creditreturn: refund("credit", "cashless"),
  creditpayment: sell("credit_payment"),
  creditpaymentreturn: refund("credit_payment", "cashless"),
  creditpaymentreturncash: refund("credit_payment", "cash"),
};

export function isBitrixCheckType(value: unknown): value is BitrixCheckType {
  return typeof value === "string" && (BITRIX_CHECK_TYPES as readonly string[]).includes(value);
}

export function checkTypeInfo(type: BitrixCheckType): CheckTypeInfo {
  return CHECK_TYPES[type];
}
