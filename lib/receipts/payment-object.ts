import type { PaymentMethod } from "./types";

// Bitrix24 `payment_object` (SALE check.php) → тег 1212, FFD 1.2 numeric, per Bitrix's own ATOL v5 map
// (cashboxatolfarmv5.php `getPaymentObjectMap`).

const BITRIX_TO_FFD12: Record<string, number> = {
  commodity: 1,
  excise: 2,
  job: 3,
  service: 4,
  gambling_bet: 5,
  gambling_prize: 6,
  lottery: 7,
  lottery_prize: 8,
  intellectual_activity: 9,
  payment: 10,
  agent_commission: 11,
  composite: 12,
  another: 13,
  property_right: 14,
  "non-operating_gain": 15,
  sales_tax: 17,
  resort_fee: 18,
  deposit: 19,
  expense: 20,
  pension_insurance_ip: 21,
  pension_insurance: 22,
  medical_insurance_ip: 23,
  medical_insurance: 24,
  social_insurance: 25,
  casino_payment: 26,
  commodity_marking_no_marking_excise: 30,
  commodity_marking_excise: 31,
  commodity_marking_no_marking: 32,
  commodity_marking: 33,
};

export const PAYMENT_OBJECT = { commodity: 1, service: 4, payment: 10, other: 13 } as const;

const WITHOUT_MARK: Record<number, number> = { 31: 30, 33: 32 };
const WITH_MARK: Record<number, number> = { 1: 33, 32: 33, 2: 31, 30: 31 };

const PREPAID: ReadonlySet<PaymentMethod> = new Set(["full_prepayment", "prepayment"]);

export type PaymentObjectResult = { code: number; problem?: "unknown" | "missing_mark_code" };

/**
 * An advance precedes knowing the goods: always 10 «платёж» (providers §2.3). A line with a code is «с КМ» (33/31).
 * Marked goods without a code are «без КМ» (32/30) on a prepayment — Bitrix only has codes from the shipment — and a
 * `missing_mark_code` problem on a settlement. Empty → 1 «товар»; unknown → 13 «иной» with a problem.
 */
export function paymentObjectFor(value: string | undefined, method: PaymentMethod, hasMarkCode: boolean): PaymentObjectResult {
  if (method === "advance") return { code: PAYMENT_OBJECT.payment };
  const key = value?.trim() ?? "";
  const code = key === "" ? PAYMENT_OBJECT.commodity : BITRIX_TO_FFD12[key];
  if (code === undefined) return { code: PAYMENT_OBJECT.other, problem: "unknown" };
  if (hasMarkCode) return { code: WITH_MARK[code] ?? code };
  const unmarked = WITHOUT_MARK[code];
  if (unmarked === undefined) return { code };
  return PREPAID.has(method) ? { code: unmarked } : { code, problem: "missing_mark_code" };
}
