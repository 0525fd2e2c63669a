/**
 * Cash-register checks (b_sale_cashbox_check) and how Bitrix saves a print result, after SALE
 * `lib/cashbox/checkmanager.php` @cf28678 (`savePrintResult`, `getCheckInfoByExternalUuid`) and
 * `cashboxrest.php` @546fa90 (`extractCheckData`):
 * - statuses N (new) → P (printing) → Y (printed) | E (error);
 * - a result for a check already in Y is ignored (success, nothing changes) — E → Y is possible;
 * - ERROR ⇒ STATUS E, ERROR_MESSAGE = the raw message, DATE_PRINT_END, CNT_FAIL_PRINT 1, and the caller gets the
 *   error "Ошибка при печати чека #<id>[: <message>]";
 * - otherwise ⇒ STATUS Y, LINK_PARAMS, DATE_PRINT_END;
 * - LINK_PARAMS keys are AbstractCheck::PARAM_*: reg_number_kkt, fiscal_doc_attribute (sic — not "fiscal_doc_attr"),
 *   fiscal_doc_number, fiscal_receipt_number, fn_number, shift_number, doc_sum (= (float) check SUM),
 *   doc_time (= (int) PRINT_END_TIME, 0 when missing), calculation_attribute (income|consumption); missing
 *   fiscal fields are stored as null;
 * - lookups by EXTERNAL_UUID take the first check (lowest ID) with that exact value.
 */
import { calculatedSign, type CheckType } from "./check-types";
import type { Dict } from "./forms";
import { phpEmpty } from "./forms";
import { phpIntArgument } from "./php";
import type { SaleHttpResponse } from "./php-http-client";

export type CheckStatus = "N" | "P" | "Y" | "E";

export interface CheckLinkParams {
  reg_number_kkt: unknown;
  fiscal_doc_attribute: unknown;
  fiscal_doc_number: unknown;
  fiscal_receipt_number: unknown;
  fn_number: unknown;
  shift_number: unknown;
  doc_sum: number;
  /** Unix seconds (from PRINT_END_TIME). */
  doc_time: number;
  calculation_attribute: string;
}

/** An outgoing PRINT_URL / CHECK_URL call as Bitrix made it and understood the answer. */
export interface CheckHttpExchange {
  url: string;
  /** The form body posted (PHP http_build_query). */
  requestBody: string;
  /** What Bitrix made of it: `Sale\Helpers\Rest\Http::sendRequest` (errors, upper-cased data, wire hops). */
  response: SaleHttpResponse;
}

export interface CheckHistoryEntry {
  source: "print" | "agent" | "apply";
  /** Portal clock, unix ms. */
  at: number;
  from: CheckStatus;
  to: CheckStatus;
  /** Whether the call changed the row (false: a result for a 'Y' check). */
  changed: boolean;
  error?: string;
}

export interface EmulatedCheck {
  ID: number;
  TYPE: CheckType;
  STATUS: CheckStatus;
  CASHBOX_ID: number | null;
  PAYMENT_ID: number | null;
  ORDER_ID: number | null;
  /** The payment's sum (0 for credit/creditreturn: they have no payment entity). */
  SUM: number;
  CURRENCY: string;
  /** The UUID the app answered PRINT_URL with (null until stored, or never — the stuck-in-P case). */
  EXTERNAL_UUID: string | null;
  ERROR_MESSAGE: string | null;
  LINK_PARAMS: CheckLinkParams | null;
  CNT_FAIL_PRINT: number;
  /** Portal clock, unix ms. */
  DATE_CREATE: number;
  DATE_PRINT_START: number | null;
  DATE_PRINT_END: number | null;
  /** How many printed results were applied that changed the row (must stay ≤ 1). */
  printCount: number;
  /** The PHP array sent to PRINT_URL (before encoding). */
  payload: Dict;
  /** The PRINT_URL exchange; null when no request was made. */
  print: CheckHttpExchange | null;
  /** Set when Bitrix would have died with a PHP error instead of sending/saving (the check stays as it was). */
  fatal: string | null;
  /** Every CHECK_URL poll of this check by the agent. */
  checkUrlCalls: CheckHttpExchange[];
  history: CheckHistoryEntry[];
}

export interface CheckStorePortal {
  checks: Map<number, EmulatedCheck>;
  nowMs(): number;
}

/** CheckManager::getCheckInfoByExternalUuid — the first check with exactly this EXTERNAL_UUID. */
export function findCheckByExternalUuid(portal: CheckStorePortal, uuid: unknown): EmulatedCheck | undefined {
  if (uuid === null || uuid === undefined || typeof uuid === "object") return undefined;
  const key = String(uuid);
  let found: EmulatedCheck | undefined;
  for (const c of portal.checks.values()) {
    if (c.EXTERNAL_UUID === key && (!found || c.ID < found.ID)) found = c;
  }
  return found;
}

export interface PrintResultData {
  ID: number | null;
  ERROR?: { MESSAGE: unknown };
  LINK_PARAMS?: CheckLinkParams;
}

export interface SaveResult {
  /** Sale\Result error messages (what check.apply turns into ERROR_CHECK_APPLY). */
  errors: string[];
  changed: boolean;
}

/** CheckManager::savePrintResult. */
export function savePrintResult(
  portal: CheckStorePortal,
  checkId: number | null,
  data: Omit<PrintResultData, "ID">,
  source: CheckHistoryEntry["source"],
): SaveResult {
  if (!checkId || checkId <= 0) return { errors: ["Некорректный ID чека"], changed: false };
  const check = portal.checks.get(checkId);
  if (!check) return { errors: [`Чек #${checkId} не найден`], changed: false };
  const from = check.STATUS;
  if (check.STATUS === "Y") {
    check.history.push({ source, at: portal.nowMs(), from, to: from, changed: false });
    return { errors: [], changed: false };
  }
  if (data.ERROR) {
    const raw = data.ERROR.MESSAGE;
    const message = raw === null || raw === undefined ? null : String(raw);
    let text = `Ошибка при печати чека #${checkId}`;
    if (!phpEmpty(raw)) text += `: ${message}`;
    check.STATUS = "E";
    check.DATE_PRINT_END = portal.nowMs();
    check.ERROR_MESSAGE = message;
    if (check.CNT_FAIL_PRINT === 0) check.CNT_FAIL_PRINT = 1;
    check.history.push({ source, at: portal.nowMs(), from, to: "E", changed: true, error: text });
    return { errors: [text], changed: true };
  }
  check.STATUS = "Y";
  check.LINK_PARAMS = data.LINK_PARAMS ?? null;
  check.DATE_PRINT_END = portal.nowMs();
  check.printCount += 1;
  check.history.push({ source, at: portal.nowMs(), from, to: "Y", changed: true });
  return { errors: [], changed: true };
}

/**
 * CashboxRest::extractCheckData (@546fa90): null when UUID is PHP-falsy or unknown; STATUS === 'ERROR' (exact)
 * adds ERROR; LINK_PARAMS from the upper-case fields. May throw PhpTypeError (PRINT_END_TIME not an int).
 */
export function extractCheckData(portal: CheckStorePortal, data: Dict): PrintResultData | null {
  if (phpEmpty(data.UUID)) return null;
  const check = findCheckByExternalUuid(portal, data.UUID);
  if (!check) return null;
  const result: PrintResultData = { ID: check.ID };
  if (data.STATUS === "ERROR") result.ERROR = { MESSAGE: data.ERROR };
  const docTime = phpIntArgument(data.PRINT_END_TIME, "DateTime::setTimestamp()");
  result.LINK_PARAMS = {
    reg_number_kkt: data.REG_NUMBER_KKT ?? null,
    fiscal_doc_attribute: data.FISCAL_DOC_ATTR ?? null,
    fiscal_doc_number: data.FISCAL_DOC_NUMBER ?? null,
    fiscal_receipt_number: data.FISCAL_RECEIPT_NUMBER ?? null,
    fn_number: data.FN_NUMBER ?? null,
    shift_number: data.SHIFT_NUMBER ?? null,
    doc_sum: Number(check.SUM) || 0,
    doc_time: docTime,
    calculation_attribute: calculatedSign(check.TYPE),
  };
  return result;
}

/** Cashbox::applyCheckResult = savePrintResult(extractCheckData($data)). */
export function applyCheckResult(portal: CheckStorePortal, data: Dict, source: CheckHistoryEntry["source"]): SaveResult {
  const extracted = extractCheckData(portal, data);
  if (!extracted) return savePrintResult(portal, null, {}, source);
  return savePrintResult(portal, extracted.ID, extracted, source);
}
