/**
 * Test-friendly description of a paid payment → the PHP array Bitrix builds for PRINT_URL.
 *
 * Mirrors SALE `lib/cashbox/check.php` @03e3b57 (`extractDataFromEntitiesInternal`, `extractDataFromBasketItem`,
 * `extractDataFromShipment`, `getDataForCheck`, `validate`/`isCorrectSum`), the per-type subclasses
 * (`*check.php`) and `CashboxRest::buildCheckQuery` (cashboxrest.php @546fa90):
 * - items: name, base_price, price, sum (= round(price × qty)), quantity, measure_code, vat (catalog VAT **id**),
 *   vat_sum (0 — Bitrix never fills it for basket items), payment_object, [properties], [nomenclature_code,
 *   marking_code, barcode], [discount{discount, discount_type:'C'} when base_price ≠ price], [supplier_info],
 *   payment_method (added by CashboxRest); the delivery line has no measure_code/properties/vat_sum;
 * - payments: type (cash | cashless | advance | credit), is_cash (Y/N), sum; total_sum = Σ payments;
 * - client_email / client_phone, else the portal's `main/email_from` in client_email;
 * - type rules: *return ⇒ is_cash N (cash refunds: Y, type cash); advance* ⇒ one line "Внесение аванса" with
 *   no payment_object/measure_code; prepayment* ⇒ lines re-priced to the payment's share of the order,
 *   payment_object "payment", no marking; fullprepayment* ⇒ payment_object "payment"; credit/creditreturn ⇒ the
 *   payments become one `{type: credit, sum: Σ lines}` without is_cash; creditpaymentreturn* ⇒ one line
 *   "Возврат оплаты кредита" (payment_object "payment") and no payment_method.
 * The order/entity PHP objects inside the array have no public properties, so nothing of them reaches the wire.
 */
import { calculatedSign, PAYMENT_METHOD_BY_TYPE, type CheckType } from "./check-types";
import { clone, isPlainObject } from "./forms";
import { roundPrecision, type PhpValue } from "./php";

export type CheckPaymentType = "cash" | "cashless" | "advance" | "credit";

export interface CheckItemInput {
  /** Default "Товар N". */
  name?: string;
  /** PRICE: per unit, VAT included, after discount. Default 1000. */
  price?: number;
  /** BASE_PRICE: before discount. Default = price; a different value adds `discount`. */
  basePrice?: number;
  /** Default 1. */
  quantity?: number;
  /** Default round(price × quantity, 2). */
  sum?: number;
  /** OKEI code. Default "796" (шт); null ⇒ absent. */
  measureCode?: string | null;
  /** Catalog VAT id. Default: the id of the portal's 20 % rate. */
  vat?: number;
  /** Alternative to `vat`: resolved like Check::getProductVatId for an unbound product (rate > 0 ⇒ id, else 0). */
  vatRate?: number | null;
  /** Default 0 (as Bitrix sends for basket items). */
  vatSum?: number;
  /** Default "commodity". */
  paymentObject?: string;
  /** Marked goods: sends marking_code and nomenclature_code (tag 1162, binary). '' fails validation as in Bitrix. */
  markingCode?: string;
  markingCodeGroup?: string;
  barcode?: string;
  /** e.g. { ARTNUMBER: "A-1" }. */
  properties?: Record<string, string>;
  supplierInfo?: { phones?: string[]; name?: string; inn?: string };
  additionalParams?: Record<string, PhpValue>;
}

export interface CheckDeliveryInput {
  /** Default "Доставка". */
  name?: string;
  price: number;
  basePrice?: number;
  /** Delivery VAT id; Bitrix sends 0 unless sale option COUNT_DELIVERY_TAX = Y. Default 0. */
  vat?: number;
}

export interface CheckPaymentInput {
  /** Default "cashless". */
  type?: CheckPaymentType;
  /** Default: the lines' total (for the first payment). */
  sum?: number;
  /** Default 'Y' for cash, else 'N' (the pay system's IS_CASH). */
  isCash?: "Y" | "N";
}

export interface CheckPayloadInput {
  /** Default "sell". */
  type?: CheckType;
  /** Default: one line "Товар 1", 1 000,00 ₽ × 1, VAT id of 20 %. */
  items?: CheckItemInput[];
  delivery?: CheckDeliveryInput | null;
  /** Default: one cashless payment of the total. */
  payments?: CheckPaymentInput[];
  /** Order price, used by prepayment* to re-price lines to the paid share. Default: lines + delivery. */
  orderTotal?: number;
  /** Default "buyer@example.test". null (with no phone) ⇒ Bitrix puts the portal's email_from here. */
  clientEmail?: string | null;
  clientPhone?: string | null;
  /** Stored on the check (not sent — REST cashboxes get no currency). Default "RUB". */
  currency?: string;
  /** Stored on the check only (the wire carries no payment/order id, protocol §0.6). */
  paymentId?: number | null;
  orderId?: number | null;
  additionalParams?: Record<string, PhpValue>;
}

export interface BuilderPortal {
  vats: Array<{ id: number; rate: number | null; active: string }>;
  /** The portal's `main/email_from` option. */
  emailFrom: string;
}

/** Check::validate failed: Bitrix creates no check (CRM timeline "check not created"). */
export class CheckValidationError extends Error {
  constructor(readonly errors: string[]) {
    super(`portal emulator: check not created: ${errors.join("; ")}`);
  }
}

export const ADVANCE_ITEM_NAME = "Внесение аванса";
export const CREDIT_PAYMENT_RETURN_ITEM_NAME = "Возврат оплаты кредита";
export const DELIVERY_NAME = "Доставка";

function vatIdForRate(portal: BuilderPortal, rate: number | null | undefined): number {
  // Check::getVatIdByVatRate: active rates keyed by (int)RATE, later rows win; only asked for rates > 0.
  const pct = Math.trunc(rate ?? 0);
  if (!(pct > 0)) return 0;
  let id = 0;
  for (const v of portal.vats) if (v.active === "Y" && Math.trunc(Number(v.rate ?? 0)) === pct) id = Number(v.id);
  return id;
}

/** Deep copy of a PHP array that keeps Buffers (binary strings) and undefined members. */
export function clonePhp(value: PhpValue): PhpValue {
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(clonePhp);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clonePhp(v as PhpValue)]));
  return value;
}

function defaultVatId(portal: BuilderPortal): number {
  return portal.vats.find((v) => Number(v.rate) === 20)?.id ?? 0;
}

/** Fills every default, so a test can inspect or tweak the payment before printing it. */
export function normalizePayment(portal: BuilderPortal, input: CheckPayloadInput = {}): CheckPayloadInput {
  const items = (input.items ?? [{}]).map((it, i): CheckItemInput => {
    const price = it.price ?? 1000;
    const quantity = it.quantity ?? 1;
    const out: CheckItemInput = {
      ...it,
      name: it.name ?? `Товар ${i + 1}`,
      price,
      basePrice: it.basePrice ?? price,
      quantity,
      sum: it.sum ?? roundPrecision(price * quantity),
      measureCode: it.measureCode === undefined ? "796" : it.measureCode,
      vat: it.vat ?? (it.vatRate !== undefined ? vatIdForRate(portal, it.vatRate) : defaultVatId(portal)),
      vatSum: it.vatSum ?? 0,
      paymentObject: it.paymentObject ?? "commodity",
    };
    delete out.vatRate;
    return out;
  });
  const delivery = input.delivery
    ? { name: input.delivery.name ?? DELIVERY_NAME, price: input.delivery.price, basePrice: input.delivery.basePrice ?? input.delivery.price, vat: input.delivery.vat ?? 0 }
    : null;
  const linesTotal = roundPrecision(items.reduce((s, it) => s + (it.sum ?? 0), 0) + (delivery && delivery.price > 0 ? delivery.price : 0));
  const payments = (input.payments ?? [{}]).map((p, i): CheckPaymentInput => {
    const type = p.type ?? "cashless";
    return { type, sum: p.sum ?? (i === 0 ? linesTotal : 0), isCash: p.isCash ?? (type === "cash" ? "Y" : "N") };
  });
  return {
    type: input.type ?? "sell",
    items,
    delivery,
    payments,
    orderTotal: input.orderTotal ?? linesTotal,
    clientEmail: input.clientEmail === undefined ? "buyer@example.test" : input.clientEmail,
    clientPhone: input.clientPhone ?? null,
    currency: input.currency ?? "RUB",
    paymentId: input.paymentId ?? null,
    orderId: input.orderId ?? null,
    ...(input.additionalParams ? { additionalParams: clonePhp(input.additionalParams) as Record<string, PhpValue> } : {}),
  };
}

// ---- Check::extractData (upper-case keys, as in SALE) ----

interface Product {
  NAME: string;
  BASE_PRICE?: number;
  PRICE: number;
  SUM: number;
  QUANTITY: number;
  MEASURE_CODE?: string | null;
  VAT?: number;
  VAT_SUM?: number;
  PAYMENT_OBJECT?: string;
  PROPERTIES?: Record<string, string> | PhpValue[];
  NOMENCLATURE_CODE?: Buffer | string;
  MARKING_CODE?: string;
  BARCODE?: string;
  DISCOUNT?: { PRICE: number; TYPE: "C" };
  SUPPLIER_INFO?: { phones?: string[]; name?: string; inn?: string };
  ADDITIONAL_PARAMS?: Record<string, PhpValue>;
}

interface Delivery {
  NAME: string;
  BASE_PRICE: number;
  PRICE: number;
  SUM: number;
  QUANTITY: number;
  VAT: number;
  PAYMENT_OBJECT: string;
  DISCOUNT?: { PRICE: number; TYPE: "C" };
}

interface Payment {
  TYPE: string;
  IS_CASH?: string;
  SUM: number;
}

interface Extracted {
  PRODUCTS?: Product[];
  DELIVERY: Delivery[];
  PAYMENTS: Payment[];
  TOTAL_SUM: number;
  BUYER: { EMAIL?: string; PHONE?: string };
}

/** Check::buildTag1162: "444D" + GTIN as 6 big-endian bytes + the serial's bytes, as a binary string. */
export function buildTag1162(markingCode: string, markingCodeGroup = ""): Buffer {
  const gtin = markingCode.slice(2, 16);
  const serial = markingCode.slice(18, 18 + (markingCodeGroup === "9840" ? 20 : 13));
  let n = 0n;
  try {
    n = /^\d+$/.test(gtin) ? BigInt(gtin) : 0n;
  } catch {
    n = 0n;
  }
  const gtinBytes = Buffer.alloc(6);
  for (let i = 0; i < 6; i++) gtinBytes[5 - i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return Buffer.concat([Buffer.from([0x44, 0x4d]), gtinBytes, Buffer.from(serial, "latin1")]);
}

function extract(portal: BuilderPortal, p: CheckPayloadInput): Extracted {
  const products: Product[] = (p.items ?? []).map((it) => {
    const prod: Product = {
      NAME: it.name!,
      BASE_PRICE: it.basePrice!,
      PRICE: it.price!,
      SUM: it.sum!,
      QUANTITY: it.quantity!,
      MEASURE_CODE: it.measureCode,
      VAT: it.vat,
      VAT_SUM: it.vatSum,
      PAYMENT_OBJECT: it.paymentObject,
      PROPERTIES: it.properties ?? [],
    };
    if (it.markingCode !== undefined) {
      prod.NOMENCLATURE_CODE = it.markingCode === "" ? "" : buildTag1162(it.markingCode, it.markingCodeGroup);
      prod.MARKING_CODE = it.markingCode;
    }
    if (it.barcode !== undefined) prod.BARCODE = it.barcode;
    if (roundPrecision((it.basePrice ?? 0) - (it.price ?? 0)) !== 0) {
      prod.DISCOUNT = { PRICE: roundPrecision(it.basePrice! - it.price!), TYPE: "C" };
    }
    if (it.supplierInfo) prod.SUPPLIER_INFO = clone(it.supplierInfo);
    if (it.additionalParams) prod.ADDITIONAL_PARAMS = clonePhp(it.additionalParams) as Record<string, PhpValue>;
    return prod;
  });
  const delivery: Delivery[] = [];
  if (p.delivery && p.delivery.price > 0) {
    const d: Delivery = {
      NAME: p.delivery.name ?? DELIVERY_NAME,
      BASE_PRICE: p.delivery.basePrice ?? p.delivery.price,
      PRICE: p.delivery.price,
      SUM: p.delivery.price,
      QUANTITY: 1,
      VAT: p.delivery.vat ?? 0,
      PAYMENT_OBJECT: "service",
    };
    if (roundPrecision(d.BASE_PRICE - d.PRICE) !== 0) d.DISCOUNT = { PRICE: roundPrecision(d.BASE_PRICE - d.PRICE), TYPE: "C" };
    delivery.push(d);
  }
  const payments: Payment[] = (p.payments ?? []).map((pay) => ({ TYPE: pay.type!, IS_CASH: pay.isCash!, SUM: pay.sum! }));
  const buyer: Extracted["BUYER"] = {};
  if (p.clientEmail) buyer.EMAIL = p.clientEmail;
  if (p.clientPhone) buyer.PHONE = p.clientPhone;
  if (!buyer.EMAIL && !buyer.PHONE) buyer.EMAIL = portal.emailFrom;
  return {
    PRODUCTS: products.length ? products : undefined,
    DELIVERY: delivery,
    PAYMENTS: payments,
    TOTAL_SUM: payments.reduce((s, x) => s + x.SUM, 0),
    BUYER: buyer,
  };
}

function forcePayments(r: Extracted, isCash: "Y" | "N", type?: CheckPaymentType): void {
  for (const pay of r.PAYMENTS) {
    pay.IS_CASH = isCash;
    if (type) pay.TYPE = type;
  }
}

/** PrepaymentCheck::correlatePrices: lines re-priced to paymentSum / orderPrice, the last line takes the rest. */
function correlatePrices(r: Extracted, orderTotal: number): void {
  const paymentSum = r.PAYMENTS.reduce((s, x) => s + x.SUM, 0);
  const rate = orderTotal ? paymentSum / orderTotal : 1;
  const products = r.PRODUCTS ?? [];
  const reprice = (line: Product | Delivery, sum: number) => {
    line.SUM = sum;
    line.BASE_PRICE = line.PRICE = roundPrecision(sum / line.QUANTITY);
    delete line.DISCOUNT;
  };
  let total = 0;
  if (r.DELIVERY.length === 0) {
    products.forEach((line, i) => {
      if (i === products.length - 1) return;
      const sum = roundPrecision(line.SUM * rate);
      total += sum;
      reprice(line, sum);
    });
    if (products.length) reprice(products[products.length - 1]!, roundPrecision(paymentSum - total));
  } else {
    for (const line of products) {
      const sum = roundPrecision(line.SUM * rate);
      total += sum;
      reprice(line, sum);
    }
    r.DELIVERY.forEach((line, i) => {
      if (i === r.DELIVERY.length - 1) return;
      const sum = roundPrecision(line.SUM * rate);
      total += sum;
      reprice(line, sum);
    });
    reprice(r.DELIVERY[r.DELIVERY.length - 1]!, roundPrecision(paymentSum - total));
  }
}

function singleLine(r: Extracted, name: string, paymentObject?: string): void {
  r.DELIVERY = [];
  const line: Product = { NAME: name, QUANTITY: 1, PRICE: r.TOTAL_SUM, SUM: r.TOTAL_SUM, BASE_PRICE: r.TOTAL_SUM };
  if (paymentObject) line.PAYMENT_OBJECT = paymentObject;
  r.PRODUCTS = [line];
}

/** The per-type `extractDataInternal` overrides. */
function applyTypeRules(type: CheckType, r: Extracted, orderTotal: number): void {
  const dropMarking = () => {
    for (const line of r.PRODUCTS ?? []) {
      delete line.MARKING_CODE;
      delete line.NOMENCLATURE_CODE;
    }
  };
  const paymentObject = (value: string) => {
    for (const line of r.PRODUCTS ?? []) line.PAYMENT_OBJECT = value;
    for (const line of r.DELIVERY) line.PAYMENT_OBJECT = value;
  };
  switch (type) {
    case "sell":
    case "creditpayment":
      return;
    case "sellreturn":
      return forcePayments(r, "N");
    case "sellreturncash":
      return forcePayments(r, "Y");
    case "advancepayment":
      return singleLine(r, ADVANCE_ITEM_NAME);
    case "advancereturn":
      singleLine(r, ADVANCE_ITEM_NAME);
      return forcePayments(r, "N", "cashless");
    case "advancereturncash":
      singleLine(r, ADVANCE_ITEM_NAME);
      return forcePayments(r, "Y", "cash");
    case "prepayment":
    case "prepaymentreturn":
    case "prepaymentreturncash":
      dropMarking();
      correlatePrices(r, orderTotal);
      paymentObject("payment");
      if (type === "prepaymentreturn") forcePayments(r, "N", "cashless");
      if (type === "prepaymentreturncash") forcePayments(r, "Y", "cash");
      return;
    case "fullprepayment":
    case "fullprepaymentreturn":
    case "fullprepaymentreturncash":
      paymentObject("payment");
      if (type === "fullprepaymentreturn") forcePayments(r, "N", "cashless");
      if (type === "fullprepaymentreturncash") forcePayments(r, "Y", "cash");
      return;
    case "credit":
    case "creditreturn": {
      const total = (r.PRODUCTS ?? []).reduce((s, x) => s + x.SUM, 0) + r.DELIVERY.reduce((s, x) => s + x.SUM, 0);
      r.PAYMENTS = [{ TYPE: "credit", SUM: total }];
      r.TOTAL_SUM = total;
      return;
    }
    case "creditpaymentreturn":
      singleLine(r, CREDIT_PAYMENT_RETURN_ITEM_NAME, "payment");
      return forcePayments(r, "N", "cashless");
    case "creditpaymentreturncash":
      singleLine(r, CREDIT_PAYMENT_RETURN_ITEM_NAME, "payment");
      return forcePayments(r, "Y", "cash");
  }
}

/** Check::validate (SALE check.php): products present, marking codes present, Σ lines + delivery == Σ payments. */
function validate(r: Extracted): string[] {
  const errors: string[] = [];
  if (!r.PRODUCTS) {
    errors.push("Ошибка при создании чека: пустой список товаров в отгрузке");
  } else {
    const seen = new Set<string>();
    for (const line of r.PRODUCTS) {
      if (line.MARKING_CODE === "" && !seen.has(line.NAME)) {
        seen.add(line.NAME);
        errors.push(`Для товара ${line.NAME} не указана маркировка`);
      }
    }
  }
  const productSum = (r.PRODUCTS ?? []).reduce((s, x) => s + x.SUM, 0) + r.DELIVERY.reduce((s, x) => s + x.PRICE, 0);
  const paymentSum = r.PAYMENTS.reduce((s, x) => s + x.SUM, 0);
  if (!(Math.abs(productSum - paymentSum) < 0.00001)) {
    errors.push("Ошибка при создании чека: сумма по чеку не совпадает с общей суммой товаров");
  }
  if (!r.BUYER.EMAIL && !r.BUYER.PHONE) errors.push("Ошибка при создании чека: отсутствуют контактные данные покупателя");
  return errors;
}

export interface BuiltCheck {
  type: CheckType;
  /** `Check::getDataForCheck()` with `date_create` already a unix timestamp (the PHP array, key order kept). */
  data: Record<string, PhpValue>;
  /** The check's SUM column: the payment's sum (+ related payments); 0 for credit/creditreturn (no payment entity). */
  sum: number;
}

/** Builds the check data for a normalized payment, or throws CheckValidationError (no check is created). */
export function buildCheckData(portal: BuilderPortal, input: CheckPayloadInput, checkId: number, dateCreateUnix: number): BuiltCheck {
  const p = normalizePayment(portal, input);
  const type = p.type!;
  const r = extract(portal, p);
  applyTypeRules(type, r, p.orderTotal!);
  const errors = validate(r);
  if (errors.length) throw new CheckValidationError(errors);

  const data: Record<string, PhpValue> = {
    type,
    calculated_sign: calculatedSign(type),
    unique_id: checkId,
    items: [],
    date_create: dateCreateUnix,
  };
  data.payments = r.PAYMENTS.map((pay) => ({ type: pay.TYPE, is_cash: pay.IS_CASH, sum: pay.SUM }));
  const items: PhpValue[] = [];
  for (const line of r.PRODUCTS ?? []) {
    const item: Record<string, PhpValue> = {
      name: line.NAME,
      base_price: line.BASE_PRICE,
      price: line.PRICE,
      sum: line.SUM,
      quantity: line.QUANTITY,
      measure_code: line.MEASURE_CODE,
      vat: line.VAT ?? 0,
      vat_sum: line.VAT_SUM ?? 0,
      payment_object: line.PAYMENT_OBJECT,
      properties: line.PROPERTIES as PhpValue,
    };
    if (line.NOMENCLATURE_CODE !== undefined) item.nomenclature_code = line.NOMENCLATURE_CODE;
    if (line.MARKING_CODE !== undefined) item.marking_code = line.MARKING_CODE;
    if (line.BARCODE !== undefined) item.barcode = line.BARCODE;
    if (line.DISCOUNT) item.discount = { discount: line.DISCOUNT.PRICE, discount_type: line.DISCOUNT.TYPE };
    if (line.SUPPLIER_INFO) {
      item.supplier_info = { phones: line.SUPPLIER_INFO.phones ?? [], name: line.SUPPLIER_INFO.name ?? "", inn: line.SUPPLIER_INFO.inn ?? "" };
    }
    if (line.ADDITIONAL_PARAMS) item.additional_params = line.ADDITIONAL_PARAMS;
    items.push(item);
  }
  for (const line of r.DELIVERY) {
    const item: Record<string, PhpValue> = {
      name: line.NAME,
      base_price: line.BASE_PRICE,
      price: line.PRICE,
      sum: line.SUM,
      quantity: line.QUANTITY,
      vat: line.VAT,
      vat_sum: undefined,
      payment_object: line.PAYMENT_OBJECT,
    };
    if (line.DISCOUNT) item.discount = { discount: line.DISCOUNT.PRICE, discount_type: line.DISCOUNT.TYPE };
    items.push(item);
  }
  data.items = items;
  if (r.BUYER.EMAIL) data.client_email = r.BUYER.EMAIL;
  if (r.BUYER.PHONE) data.client_phone = r.BUYER.PHONE;
  if (p.additionalParams) data.additional_params = p.additionalParams;
  data.total_sum = r.TOTAL_SUM;

  const paymentsSum = (p.payments ?? []).reduce((s, x) => s + (x.sum ?? 0), 0);
  return { type, data, sum: type === "credit" || type === "creditreturn" ? 0 : paymentsSum };
}

export interface QueryCashbox {
  NUMBER_KKM: string;
  EMAIL: string;
  SETTINGS: Record<string, unknown>;
}

/** CashboxRest::buildCheckQuery: adds uuid, operation, items[].payment_method, number_kkm, service_email, cashbox_params. */
export function buildCheckQuery(built: BuiltCheck, cashbox: QueryCashbox, uuid: string): Record<string, PhpValue> {
  const data = clonePhp(built.data) as Record<string, PhpValue>;
  data.uuid = uuid;
  data.operation = calculatedSign(built.type);
  const method = PAYMENT_METHOD_BY_TYPE[built.type];
  if (Array.isArray(data.items)) {
    for (const item of data.items) if (isPlainObject(item)) (item as Record<string, PhpValue>).payment_method = method;
  }
  data.number_kkm = cashbox.NUMBER_KKM;
  data.service_email = cashbox.EMAIL;
  const params = isPlainObject(cashbox.SETTINGS) ? (JSON.parse(JSON.stringify(cashbox.SETTINGS)) as Record<string, PhpValue>) : {};
  delete params.REST;
  data.cashbox_params = params;
  return data;
}
