/**
 * The deal side: crm.deal.get / crm.deal.list / crm.contact.get (legacy CRM REST, `CCrmRestService`), and the Engine
 * methods crm.item.productrow.list and crm.orderentity.list.
 *
 * - crm.deal.get {id} — EN crm/deals/crm-deal-get.md: UPPER_CASE fields, every value a string (or null), dates ISO
 *   8601 with the portal's offset; parameter keys are case-insensitive (the docs send `ID` and `id`); a bad id ⇒
 *   400 `{error: "", error_description: "ID is not defined or invalid."}`, an unknown one ⇒ `"Not found"` (legacy
 *   `RestException` without a code — CRM `classes/general/restservice.php` get()).
 * - crm.deal.list {select, filter, order, start} — EN crm-deal-list.md: a plain array, 50 per page with `next` /
 *   `total`; default select = all non-UF fields; filter prefixes as documented; default order ID ASC (not stated).
 * - crm.contact.get {id} — EN crm/contacts/crm-contact-get.md: `EMAIL` / `PHONE` multi-fields
 *   `[{ID, VALUE_TYPE, VALUE, TYPE_ID}]`, present only when the contact has values; HAS_EMAIL / HAS_PHONE Y|N.
 * - crm.item.productrow.list {filter: {"=ownerType": "D", "=ownerId": id}, order, start} — EN
 *   crm/universal/product-rows/crm-item-productrow-list.md and CRM `lib/controller/item/productrow.php`:
 *   `{productRows: [...]}` + `total`; both keys required (400 `REQUIRED_ARG_MISSING` "Argument '=ownerType' is
 *   required"); a missing owner ⇒ 400 `ACCESS_DENIED` "Access denied"; only `id` and `productId` filter (other
 *   conditions silently ignored); order by `id` / `sort` only, default sort ASC; no select.
 * - crm.orderentity.list {select, filter, order, start} — EN crm/universal/order-entity/crm-order-entity-list.md and
 *   CRM `lib/controller/orderentity.php`: `{orderEntity: [{ownerId, ownerTypeId, orderId}]}` (ints) + `total`;
 *   default order OWNER_ID ASC; `start: -1` = all; reading needs the sale module right (admin here, else 400
 *   `200040300010` "Access Denied").
 */
import type { EmulatedContact, EmulatedDeal, EmulatedProductRow } from "../crm";
import { DEAL_ENTITY_TYPE_ID } from "../crm";
import { upperKeys, type Dict } from "../forms";
import { RestError } from "../rest-errors";
import { isoWithOffset } from "../time";
import type { CallContext, MethodHandler } from "./context";
import { dictParam, filterRows, listParam, orderRows, page, param, selectFields, toInt } from "./crm-util";

function legacyError(description: string): RestError {
  return new RestError(400, "", description);
}

const money = (n: number) => n.toFixed(2);

export function dealFields(deal: EmulatedDeal, offsetMin: number): Dict {
  const iso = (ms: number) => isoWithOffset(ms, offsetMin);
  // BEGINDATE / CLOSEDATE are dates: local midnight of the creation day.
  const day = new Date(deal.dateCreate + offsetMin * 60_000);
  day.setUTCHours(0, 0, 0, 0);
  const begin = iso(day.getTime() - offsetMin * 60_000);
  return {
    ID: String(deal.id),
    TITLE: deal.title,
    TYPE_ID: "SALE",
    STAGE_ID: "NEW",
    PROBABILITY: null,
    CURRENCY_ID: deal.currency,
    OPPORTUNITY: money(deal.opportunity),
    IS_MANUAL_OPPORTUNITY: "N",
    TAX_VALUE: "0.00",
    LEAD_ID: null,
    COMPANY_ID: "0",
    CONTACT_ID: deal.contactId === null ? null : String(deal.contactId),
    QUOTE_ID: null,
    BEGINDATE: begin,
    CLOSEDATE: begin,
    ASSIGNED_BY_ID: "1",
    CREATED_BY_ID: "1",
    MODIFY_BY_ID: "1",
    DATE_CREATE: iso(deal.dateCreate),
    DATE_MODIFY: iso(deal.dateModify),
    OPENED: "Y",
    CLOSED: "N",
    COMMENTS: null,
    ADDITIONAL_INFO: null,
    LOCATION_ID: null,
    CATEGORY_ID: "0",
    STAGE_SEMANTIC_ID: "P",
    IS_NEW: "Y",
    IS_RECURRING: "N",
    IS_RETURN_CUSTOMER: "N",
    IS_REPEATED_APPROACH: "N",
    SOURCE_ID: null,
    SOURCE_DESCRIPTION: null,
    ORIGINATOR_ID: null,
    ORIGIN_ID: null,
    MOVED_BY_ID: "1",
    MOVED_TIME: iso(deal.dateCreate),
    LAST_ACTIVITY_TIME: iso(deal.dateCreate),
    UTM_SOURCE: null,
    UTM_MEDIUM: null,
    UTM_CAMPAIGN: null,
    UTM_CONTENT: null,
    UTM_TERM: null,
    LAST_ACTIVITY_BY: "1",
  };
}

const DEAL_FIELDS = Object.keys(
  dealFields({ id: 0, title: "", currency: "", contactId: null, rows: [], delivery: null, opportunity: 0, dateCreate: 0, dateModify: 0 }, 0),
);

function legacyId(params: Dict): number {
  const raw = upperKeys(params).ID;
  const id = toInt(raw);
  if (!(id > 0) || String(raw).trim() !== String(id)) throw legacyError("ID is not defined or invalid.");
  return id;
}

const dealGet: MethodHandler = (params, ctx) => {
  const id = legacyId(params);
  const deal = ctx.portal.crm.deals.get(id);
  if (!deal) throw legacyError("Not found");
  return dealFields(deal, ctx.portal.config.timezoneOffsetMin);
};

const dealList: MethodHandler = (params, ctx) => {
  const q = upperKeys(params);
  const filter = q.FILTER && typeof q.FILTER === "object" ? (q.FILTER as Dict) : {};
  const order = q.ORDER && typeof q.ORDER === "object" ? (q.ORDER as Dict) : {};
  const select = listParam(q, "SELECT");
  const rows = [...ctx.portal.crm.deals.values()].map((d) => dealFields(d, ctx.portal.config.timezoneOffsetMin));
  const ordered = orderRows(filterRows(rows, filter, DEAL_FIELDS), order, DEAL_FIELDS, { ID: "ASC" });
  const start = toInt(q.START);
  return page(ordered.map((r) => selectFields(r, select)), start < 0 ? 0 : start, (items) => items);
};

function multiField(id: number, value: string | null, typeId: "EMAIL" | "PHONE") {
  return value ? [{ ID: String(id), VALUE_TYPE: "WORK", VALUE: value, TYPE_ID: typeId }] : undefined;
}

export function contactFields(c: EmulatedContact, ctx: CallContext): Dict {
  const iso = (ms: number) => isoWithOffset(ms, ctx.portal.config.timezoneOffsetMin);
  const out: Dict = {
    ID: String(c.id),
    POST: null,
    COMMENTS: null,
    HONORIFIC: null,
    NAME: c.name,
    SECOND_NAME: null,
    LAST_NAME: c.lastName,
    PHOTO: null,
    LEAD_ID: null,
    TYPE_ID: "CLIENT",
    SOURCE_ID: null,
    SOURCE_DESCRIPTION: null,
    COMPANY_ID: null,
    BIRTHDATE: "",
    EXPORT: "Y",
    HAS_PHONE: c.phone ? "Y" : "N",
    HAS_EMAIL: c.email ? "Y" : "N",
    HAS_IMOL: "N",
    DATE_CREATE: iso(c.dateCreate),
    DATE_MODIFY: iso(c.dateCreate),
    ASSIGNED_BY_ID: "1",
    CREATED_BY_ID: "1",
    MODIFY_BY_ID: "1",
    OPENED: "Y",
    ORIGINATOR_ID: null,
    ORIGIN_ID: null,
    ORIGIN_VERSION: null,
    FACE_ID: null,
    LAST_ACTIVITY_TIME: iso(c.dateCreate),
    LAST_ACTIVITY_BY: "1",
  };
  const phone = multiField(c.id * 2 - 1, c.phone, "PHONE");
  const email = multiField(c.id * 2, c.email, "EMAIL");
  if (phone) out.PHONE = phone;
  if (email) out.EMAIL = email;
  return out;
}

const contactGet: MethodHandler = (params, ctx) => {
  const id = legacyId(params);
  const c = ctx.portal.crm.contacts.get(id);
  if (!c) throw legacyError("Not found");
  return contactFields(c, ctx);
};

/** crm_item_product_row as crm.item.productrow.list returns it (EN response example; vatId is internal). */
export function productRowFields(r: EmulatedProductRow): Dict {
  const rate = r.taxRate ?? 0;
  const exclusive = r.taxIncluded === "Y" ? r.price / (1 + rate / 100) : r.price;
  const brutto = r.price + r.discountSum;
  return {
    id: r.id,
    ownerId: r.ownerId,
    ownerType: r.ownerType,
    productId: r.productId,
    productName: r.productName,
    price: r.price,
    priceAccount: r.price,
    priceExclusive: Math.round(exclusive * 1e8) / 1e8,
    priceNetto: Math.round((r.taxIncluded === "Y" ? brutto / (1 + rate / 100) : brutto) * 1e8) / 1e8,
    priceBrutto: brutto,
    quantity: r.quantity,
    discountTypeId: r.discountTypeId,
    discountRate: r.discountRate,
    discountSum: r.discountSum,
    taxRate: r.taxRate,
    taxIncluded: r.taxIncluded,
    taxName: r.taxName,
    customized: "Y",
    measureCode: r.measureCode,
    measureName: r.measureName,
    sort: r.sort,
    xmlId: r.xmlId,
    type: r.type,
    storeId: r.storeId,
  };
}

const productRowList: MethodHandler = (params, ctx) => {
  const filter = dictParam(params, "filter");
  const ownerType = filter["=ownerType"];
  if (ownerType === undefined || ownerType === null || ownerType === "") {
    throw new RestError(400, "REQUIRED_ARG_MISSING", "Argument '=ownerType' is required");
  }
  const ownerId = toInt(filter["=ownerId"]);
  if (!(ownerId > 0)) throw new RestError(400, "REQUIRED_ARG_MISSING", "Argument '=ownerId' is required");
  for (const [k, v] of Object.entries(filter)) {
    if (/[<>]/.test(k) && !k.includes("><") && typeof v === "object" && v !== null) {
      throw new RestError(400, "INVALID_ARG_VALUE", `Value for filter key '${k}' should be either string or number`);
    }
  }
  // Only deals are emulated: another owner type, or a deal that does not exist, is "Access denied".
  const deal = String(ownerType) === "D" ? ctx.portal.crm.deals.get(ownerId) : undefined;
  if (!deal) throw new RestError(400, "ACCESS_DENIED", "Access denied");
  const rest = Object.fromEntries(Object.entries(filter).filter(([k]) => k !== "=ownerType" && k !== "=ownerId"));
  const rows = filterRows(deal.rows.map(productRowFields), rest, ["id", "productId"]);
  const ordered = orderRows(rows, dictParam(params, "order"), ["id", "sort"], { sort: "ASC" });
  return page(ordered, param(params, "start"), (items) => ({ productRows: items }));
};

const ORDER_ENTITY_FIELDS = ["ownerId", "ownerTypeId", "orderId"];

const orderEntityList: MethodHandler = (params, ctx) => {
  if (!ctx.user.admin) throw new RestError(400, "200040300010", "Access Denied");
  const rows: Dict[] = [...ctx.portal.crm.orders.values()].map((o) => ({
    ownerId: o.dealId,
    ownerTypeId: DEAL_ENTITY_TYPE_ID,
    orderId: o.id,
  }));
  const filtered = filterRows(rows, dictParam(params, "filter"), ORDER_ENTITY_FIELDS);
  const ordered = orderRows(filtered, dictParam(params, "order"), ORDER_ENTITY_FIELDS, { ownerId: "ASC" });
  const select = listParam(params, "select");
  return page(ordered.map((r) => selectFields(r, select)), param(params, "start"), (items) => ({ orderEntity: items }));
};

export const crmDealMethods: Record<string, MethodHandler> = {
  "crm.deal.get": dealGet,
  "crm.deal.list": dealList,
  "crm.contact.get": contactGet,
  "crm.item.productrow.list": productRowList,
  "crm.orderentity.list": orderEntityList,
};
