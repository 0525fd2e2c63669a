/**
 * What Bitrix24 does when a payment is paid and a REST cashbox should print it
 * (SALE checkmanager.php @cf28678 `addByType`, cashboxrest.php @546fa90 `printImmediately`, manager.php @da28d4e):
 *
 * 1. Check data built and validated (payment-builder.ts); failure ⇒ no check (CheckValidationError).
 * 2. Candidate cashboxes: ACTIVE = 'Y' ordered by SORT, NAME (restrictions are not emulated). None ⇒ no check.
 * 3. Check saved (STATUS N). If no candidate is ENABLED, it stays N (only pull cashboxes would take it).
 * 4. One enabled cashbox is chosen (Bitrix: at random — here the first, or `opts.cashboxId`); STATUS P,
 *    DATE_PRINT_START, CASHBOX_ID.
 * 5. PRINT_URL of the handler whose CODE is the cashbox's SETTINGS.REST.REST_CODE gets the form POST. No such
 *    handler (REST_CODE dropped by sale.cashbox.update, §0.10) ⇒ PHP dies on a null URL: the check stays P with
 *    no request sent (`fatal`).
 * 6. Answer: transport error / invalid JSON ⇒ E with the messages joined by "\n"; `ERRORS` (array) non-empty ⇒ E with
 *    them joined; otherwise a non-empty JSON object ⇒ EXTERNAL_UUID = its UUID (null if absent — stuck in P);
 *    non-200 or an empty object ⇒ nothing more (stuck in P).
 *
 * `uuid` is the older documented form `check|<portal host>|<check id>` (host incl. the emulator's port, so two
 * emulated portals never collide), not the newer `…|<unix ts>` variant.
 */
import type { CashboxRow } from "./rest-methods/cashboxes";
import type { HandlerRow } from "./rest-methods/cashbox-handlers";
import type { CheckHttpExchange, CheckStorePortal, EmulatedCheck } from "./checks";
import { savePrintResult } from "./checks";
import { isPlainObject, type Dict } from "./forms";
import { buildCheckData, buildCheckQuery, normalizePayment, type BuilderPortal, type CheckPayloadInput } from "./payment-builder";
import { phpDbString, phpHttpBuildQuery } from "./php";
import { saleHttpSendRequest } from "./php-http-client";

export interface PrintCheckOptions {
  /** Print on this cashbox (must be active and enabled). Default: the first candidate by SORT, NAME. */
  cashboxId?: number;
  /**
   * Wait this long after the PRINT_URL answer before writing EXTERNAL_UUID — widens the real race where an early
   * `sale.cashbox.check.apply` gets ERROR_CHECK_NOT_FOUND. printCheck() resolves after the write.
   */
  uuidStoreDelayMs?: number;
  /** HttpClient connect timeout. Default 30 000. */
  socketTimeoutMs?: number;
  /** HttpClient read-inactivity timeout. Default 60 000. */
  streamTimeoutMs?: number;
}

export interface PrintPortal extends CheckStorePortal, BuilderPortal {
  domain: string;
  cashboxes: CashboxRow[];
  handlers: HandlerRow[];
  nextId(kind: string): number;
}

export class NoCashboxError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function findHandlerForCashbox(portal: { handlers: HandlerRow[] }, cashbox: CashboxRow): HandlerRow | undefined {
  const rest = isPlainObject(cashbox.SETTINGS?.REST) ? (cashbox.SETTINGS.REST as Dict) : undefined;
  const code = rest?.REST_CODE;
  if (code === undefined || code === null) return undefined;
  return portal.handlers.find((h) => h.CODE === code);
}

export async function printCheck(portal: PrintPortal, input: CheckPayloadInput = {}, opts: PrintCheckOptions = {}): Promise<EmulatedCheck> {
  const payment = normalizePayment(portal, input);
  const candidates = portal.cashboxes
    .filter((c) => c.ACTIVE === "Y")
    .sort((a, b) => a.SORT - b.SORT || a.NAME.localeCompare(b.NAME));
  if (candidates.length === 0) throw new NoCashboxError("portal emulator: no active cashbox — Bitrix creates no check");
  const nowMs = portal.nowMs();
  // Validation failure throws before an ID is taken: Bitrix saves no row then.
  const built = buildCheckData(portal, payment, 0, Math.floor(nowMs / 1000));
  const id = portal.nextId("check");
  built.data.unique_id = id;

  const check: EmulatedCheck = {
    ID: id,
    TYPE: built.type,
    STATUS: "N",
    CASHBOX_ID: null,
    PAYMENT_ID: payment.paymentId ?? null,
    ORDER_ID: payment.orderId ?? null,
    SUM: built.sum,
    CURRENCY: payment.currency ?? "RUB",
    EXTERNAL_UUID: null,
    ERROR_MESSAGE: null,
    LINK_PARAMS: null,
    CNT_FAIL_PRINT: 0,
    DATE_CREATE: nowMs,
    DATE_PRINT_START: null,
    DATE_PRINT_END: null,
    printCount: 0,
    payload: built.data as Dict,
    print: null,
    fatal: null,
    checkUrlCalls: [],
    history: [],
  };
  portal.checks.set(id, check);

  const enabled = candidates.filter((c) => c.ENABLED === "Y");
  if (enabled.length === 0) return check;
  let cashbox = enabled[0]!;
  if (opts.cashboxId !== undefined) {
    const chosen = enabled.find((c) => c.ID === opts.cashboxId);
    if (!chosen) throw new NoCashboxError(`portal emulator: cashbox ${opts.cashboxId} is not active and enabled`);
    cashbox = chosen;
  }
  check.STATUS = "P";
  check.DATE_PRINT_START = portal.nowMs();
  check.CASHBOX_ID = cashbox.ID;
  check.history.push({ source: "print", at: portal.nowMs(), from: "N", to: "P", changed: true });

  const handler = findHandlerForCashbox(portal, cashbox);
  const query = buildCheckQuery(built, cashbox, `check|${portal.domain}|${id}`);
  check.payload = query as Dict;
  const printUrl = handler?.SETTINGS?.PRINT_URL;
  if (!handler || typeof printUrl !== "string") {
    check.fatal = "TypeError: Bitrix\\Sale\\Helpers\\Rest\\Http::sendRequest(): Argument #1 ($url) must be of type string, null given";
    return check;
  }

  const body = phpHttpBuildQuery(query);
  const version = handler.SETTINGS.HTTP_VERSION;
  const response = await saleHttpSendRequest(printUrl, body, {
    version: typeof version === "string" && version !== "" ? version : undefined,
    socketTimeoutMs: opts.socketTimeoutMs,
    streamTimeoutMs: opts.streamTimeoutMs,
  });
  const exchange: CheckHttpExchange = { url: printUrl, requestBody: body, response };
  check.print = exchange;

  if (response.fatal) {
    check.fatal = response.fatal;
    return check;
  }
  const errors = response.errors.map((e) => e.message);
  const data = response.data;
  if (errors.length === 0 && data.ERRORS !== undefined && data.ERRORS !== null && typeof data.ERRORS === "object") {
    const list = Array.isArray(data.ERRORS) ? data.ERRORS : Object.values(data.ERRORS as Dict);
    for (const e of list) errors.push(typeof e === "string" ? e : JSON.stringify(e));
  }
  if (errors.length) {
    savePrintResult(portal, id, { ERROR: { MESSAGE: errors.join("\n") } }, "print");
    return check;
  }
  if (Object.keys(data).length > 0) {
    if (opts.uuidStoreDelayMs) await sleep(opts.uuidStoreDelayMs);
    check.EXTERNAL_UUID = phpDbString(data.UUID);
  }
  return check;
}
