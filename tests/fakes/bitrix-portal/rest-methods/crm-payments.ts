/**
 * Payments of a CRM item (Sales Center documents) — EN api-reference/crm/universal/payment/*.md and CRM
 * `lib/controller/item/payment.php`, `payment/base.php`, `payment/product.php`:
 *
 * - crm.item.payment.list {entityTypeId, entityId, filter?, order?} → a plain array (no paging, no total) of
 *   `sale_order_payment_crm_simple`: `{id, accountNumber, paid, datePaid, empPaidId, paySystemId, sum, currency,
 *   paySystemName}` (camelCase, `getFieldsOnSelect`), payments of the orders bound to the item; filter/order take
 *   sale.payment.list field names; default order ID ASC. No read access — here: the item does not exist or is not a
 *   deal — ⇒ 400 `{error: 0, error_description: "Insufficient permissions"}`.
 * - crm.item.payment.get {id} → the same object; unknown id ⇒ the same error 0 (the controller does not tell
 *   "not found" from "no access").
 * - crm.item.payment.product.list {paymentId, filter?, order?} → `[{id, paymentId, quantity, rowId}]` (rowId = the
 *   deal's product row); crm.item.payment.delivery.list → `[{id, paymentId, quantity, deliveryId}]`; filter/order
 *   by `id` / `quantity`; unknown payment ⇒ 400 `{error: 0, error_description: "Payment has not been found"}`.
 * - missing required arguments ⇒ "100" "Could not find value for parameter {…}".
 * Any user may call them (CRM read permission; the emulator's users can read every deal).
 */
import type { EmulatedPayment } from "../crm";
import { DEAL_ENTITY_TYPE_ID } from "../crm";
import type { Dict } from "../forms";
import { RestError } from "../rest-errors";
import type { MethodHandler } from "./context";
import { dictParam, filterRows, orderRows, requireParam, toInt } from "./crm-util";
import { salePaymentFields } from "./sale-payments";

const NO_PERMISSION = () => new RestError(400, 0, "Insufficient permissions");
const NO_PAYMENT = () => new RestError(400, 0, "Payment has not been found");

export function crmPaymentFields(p: EmulatedPayment): Dict {
  return {
    id: p.id,
    accountNumber: p.accountNumber,
    paid: p.paid,
    datePaid: p.datePaid,
    empPaidId: p.empPaidId,
    paySystemId: p.paySystemId,
    sum: p.sum,
    currency: p.currency,
    paySystemName: p.paySystemName,
  };
}

const SALE_FIELDS = Object.keys(salePaymentFields({} as EmulatedPayment));

const list: MethodHandler = (params, ctx) => {
  const entityId = toInt(requireParam(params, "entityId"));
  const entityTypeId = toInt(requireParam(params, "entityTypeId"));
  const deal = entityTypeId === DEAL_ENTITY_TYPE_ID ? ctx.portal.crm.deals.get(entityId) : undefined;
  if (!deal) throw NO_PERMISSION();
  const orderIds = new Set([...ctx.portal.crm.orders.values()].filter((o) => o.dealId === deal.id).map((o) => o.id));
  const payments = [...ctx.portal.crm.payments.values()].filter((p) => orderIds.has(p.orderId));
  const byId = new Map(payments.map((p) => [p.id, p]));
  const rows = payments.map(salePaymentFields);
  const selected = orderRows(filterRows(rows, dictParam(params, "filter"), SALE_FIELDS), dictParam(params, "order"), SALE_FIELDS, { id: "ASC" });
  return selected.map((r) => crmPaymentFields(byId.get(r.id as number)!));
};

const get: MethodHandler = (params, ctx) => {
  const id = toInt(requireParam(params, "id"));
  const payment = ctx.portal.crm.payments.get(id);
  if (!payment) throw NO_PERMISSION();
  return crmPaymentFields(payment);
};

function payableList(kind: "products" | "deliveries"): MethodHandler {
  return (params, ctx) => {
    const paymentId = toInt(requireParam(params, "paymentId"));
    const payment = ctx.portal.crm.payments.get(paymentId);
    if (!payment) throw NO_PAYMENT();
    const rows = payment[kind].map((x) => ({ ...x }) as Dict);
    const fields = ["id", "quantity"];
    return orderRows(filterRows(rows, dictParam(params, "filter"), fields), dictParam(params, "order"), fields, { id: "ASC" });
  };
}

export const crmPaymentMethods: Record<string, MethodHandler> = {
  "crm.item.payment.list": list,
  "crm.item.payment.get": get,
  "crm.item.payment.product.list": payableList("products"),
  "crm.item.payment.delivery.list": payableList("deliveries"),
};
