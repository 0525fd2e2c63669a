/**
 * sale.payment.get / sale.payment.list — EN api-reference/sale/payment/sale-payment-get.md, sale-payment-list.md,
 * sale/data-types.md#sale_order_payment; SALE `lib/controller/payment.php` (listAction: select `*` when empty, order
 * `ID ASC` when empty, page of 50, `Page('payments', …)` with total):
 * - administrator only; otherwise 400 `{error: 200040300010, error_description: "Access Denied"}` (the code the docs
 *   list for "insufficient permissions", rendered like catalog.vat.list's);
 * - get: `{payment: {…}}`; unknown id ⇒ 400 `{error: 200640400001, error_description: "payment does not exist"}`
 *   (docs' example; the mirrored controller words it "payment is not exists"); no id ⇒ "100";
 * - list: `{payments: [...]}` + top-level `total` (`next` past a page); select/filter/order use the camelCase names
 *   of sale_order_payment (case/underscores ignored here), unknown names are dropped — note there is **no
 *   `dateUpdate`** on payments, so such a filter does not restrict anything; use `datePaid`, `id`, `orderId`, `paid`;
 * - field types as the sale externalizer casts them: ints/floats as numbers, Y/N strings, empty dates/ids null,
 *   datetimes ISO 8601 with the portal's offset. Keys in the docs' (alphabetical) order.
 */
import type { EmulatedPayment } from "../crm";
import type { Dict } from "../forms";
import { RestError } from "../rest-errors";
import type { CallContext, MethodHandler } from "./context";
import { dictParam, filterRows, listParam, orderRows, page, param, requireParam, selectFields, toInt } from "./crm-util";

/** sale_order_payment as REST returns it (EN sale-payment-get.md response example). */
export function salePaymentFields(p: EmulatedPayment): Dict {
  return {
    accountNumber: p.accountNumber,
    comments: "",
    companyId: null,
    currency: p.currency,
    dateBill: p.dateBill,
    dateMarked: null,
    datePaid: p.datePaid,
    datePayBefore: null,
    dateResponsibleId: p.dateBill,
    empMarkedId: null,
    empPaidId: p.empPaidId,
    empResponsibleId: 1,
    empReturnId: null,
    externalPayment: "N",
    id: p.id,
    id1c: "",
    isReturn: p.isReturn,
    marked: "N",
    orderId: p.orderId,
    paid: p.paid,
    payReturnComment: "",
    payReturnDate: null,
    payReturnNum: "",
    paySystemId: p.paySystemId,
    paySystemIsCash: p.paySystemIsCash,
    paySystemName: p.paySystemName,
    paySystemXmlId: p.paySystemXmlId,
    payVoucherDate: null,
    payVoucherNum: "",
    priceCod: "0",
    psCurrency: "",
    psInvoiceId: null,
    psResponseDate: null,
    psStatus: "",
    psStatusCode: "",
    psStatusDescription: "",
    psStatusMessage: "",
    psSum: null,
    reasonMarked: "",
    responsibleId: p.responsibleId,
    sum: p.sum,
    updated1c: "N",
    version1c: "",
    xmlId: p.xmlId,
  };
}

const FIELDS = Object.keys(salePaymentFields({} as EmulatedPayment));

function requireSaleAdmin(ctx: CallContext): void {
  if (!ctx.user.admin) throw new RestError(400, 200040300010, "Access Denied");
}

const get: MethodHandler = (params, ctx) => {
  requireSaleAdmin(ctx);
  const id = toInt(requireParam(params, "id"));
  const payment = ctx.portal.crm.payments.get(id);
  if (!payment) throw new RestError(400, 200640400001, "payment does not exist");
  return { payment: salePaymentFields(payment) };
};

const list: MethodHandler = (params, ctx) => {
  requireSaleAdmin(ctx);
  const rows = [...ctx.portal.crm.payments.values()].map(salePaymentFields);
  const filtered = filterRows(rows, dictParam(params, "filter"), FIELDS);
  const ordered = orderRows(filtered, dictParam(params, "order"), FIELDS, { id: "ASC" });
  const select = listParam(params, "select");
  const start = param(params, "start");
  return page(ordered.map((r) => selectFields(r, select)), toInt(start) === -1 ? 0 : start, (items) => ({ payments: items }));
};

export const salePaymentMethods: Record<string, MethodHandler> = {
  "sale.payment.get": get,
  "sale.payment.list": list,
};
