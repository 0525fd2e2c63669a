/**
 * The 17 check types Bitrix can send to a REST cashbox (SALE lib/cashbox/*check.php `getType()` /
 * `getCalculatedSign()`) and the `payment_method` CashboxRest attaches to every item
 * (cashboxrest.php `getCheckTypeMap`, @546fa90). `creditpaymentreturn` and `creditpaymentreturncash` are not in that
 * map, so their items carry **no** `payment_method` key at all (PHP null is dropped by http_build_query).
 */

export const CHECK_TYPES = [
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

export type CheckType = (typeof CHECK_TYPES)[number];

export type CalculatedSign = "income" | "consumption";

/** AbstractCheck::CALCULATED_SIGN_*: every return is "consumption" (возврат прихода). */
export function calculatedSign(type: CheckType): CalculatedSign {
  return type.includes("return") ? "consumption" : "income";
}

/** CashboxRest::getCheckTypeMap (absent ⇒ undefined ⇒ no `payment_method` key on the wire). */
export const PAYMENT_METHOD_BY_TYPE: Partial<Record<CheckType, string>> = {
  sell: "full_payment",
  sellreturncash: "full_payment",
  sellreturn: "full_payment",
  advancepayment: "advance",
  advancereturncash: "advance",
  advancereturn: "advance",
  prepayment: "prepayment",
  prepaymentreturn: "prepayment",
  prepaymentreturncash: "prepayment",
  fullprepayment: "full_prepayment",
  fullprepaymentreturn: "full_prepayment",
  fullprepaymentreturncash: "full_prepayment",
  credit: "credit",
  creditreturn: "credit",
  creditpayment: "credit_payment",
};

export function isCheckType(value: unknown): value is CheckType {
  return typeof value === "string" && (CHECK_TYPES as readonly string[]).includes(value);
}
