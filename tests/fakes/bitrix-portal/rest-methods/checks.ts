/**
 * sale.cashbox.check.apply — SALE `lib/cashbox/rest/checkservice.php` @979d239 and docs/bitrix24-protocol.md §3.5:
 * - scope `cashbox`; CRM administrator only (AccessChecker ⇒ 403 ACCESS_DENIED);
 * - keys upper-cased recursively (`uuid`, `Uuid` … all work);
 * - UUID PHP-empty ⇒ 400 ERROR_CHECK_FAILURE "Parameter UUID is not defined";
 * - no check with EXTERNAL_UUID = UUID ⇒ 400 ERROR_CHECK_NOT_FOUND "Check not found" (also while Bitrix has not yet
 *   written the UUID from the PRINT_URL answer — the race);
 * - then `CashboxRest::applyCheckResult($params)`: result `true`; a check already 'Y' ⇒ `true`, nothing changes;
 *   STATUS 'ERROR' + ERROR ⇒ the check becomes E **and** the call fails with 400 ERROR_CHECK_APPLY
 *   "Ошибка при печати чека #<id>: <ERROR>" (savePrintResult reports the error it saved);
 *   a non-numeric PRINT_END_TIME is a PHP TypeError ⇒ 500.
 * Runs inside `batch` like any method (and a batch counts once against the leaky bucket, as on Bitrix24).
 */
import { applyCheckResult, findCheckByExternalUuid } from "../checks";
import { phpEmpty, upperKeysDeep, type Dict } from "../forms";
import { PhpTypeError } from "../php";
import { checkFailure, methodError, RestError } from "../rest-errors";
import { requireAdmin, type MethodHandler } from "./context";

const apply: MethodHandler = (params, ctx) => {
  const scopes = ctx.portal.config.scope.split(",").map((s) => s.trim());
  if (!scopes.includes("cashbox")) {
    throw new RestError(403, "insufficient_scope", "The request requires higher privileges than provided by the access token.");
  }
  requireAdmin(ctx);
  const p = upperKeysDeep(params) as Dict;
  if (phpEmpty(p.UUID)) throw checkFailure("Parameter UUID is not defined");
  if (!findCheckByExternalUuid(ctx.portal, p.UUID)) throw methodError("ERROR_CHECK_NOT_FOUND", "Check not found");
  let saved;
  try {
    saved = applyCheckResult(ctx.portal, p, "apply");
  } catch (e) {
    if (e instanceof PhpTypeError) throw new RestError(500, "INTERNAL_SERVER_ERROR", e.message);
    throw e;
  }
  if (saved.errors.length) throw methodError("ERROR_CHECK_APPLY", saved.errors.join("\n"));
  return true;
};

export const checkMethods: Record<string, MethodHandler> = {
  "sale.cashbox.check.apply": apply,
};
