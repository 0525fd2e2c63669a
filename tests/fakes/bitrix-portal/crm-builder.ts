/**
 * Test-side actions on the CRM state (crm.ts): create a deal, add a Sales Center payment, pay it — with the side
 * effects Bitrix24 has:
 *
 * - Offline events (only queued when the app bound them with `event_type=offline`, via pushOfflineEvent):
 *   saving a payment fires `OnPaymentEntitySaved` with `data.FIELDS.ID` = payment id; saving the order fires
 *   `OnSaleOrderSaved` with `data.FIELDS{ID, XML_ID, ACTION:'save'}` (SALE `lib/rest/restmanager.php::processEvent`,
 *   `Synchronizer::MODE_SAVE = 'save'`; EN api-reference/sale/events/on-payment-entity-saved.md). Both fire when a
 *   payment is created too, not only when it is paid; a new deal fires `ONCRMDEALADD` `{FIELDS:{ID}}`.
 * - Receipts when a payment is paid (SALE `lib/cashbox/checkmanager.php` @cf28678):
 *   automatic (`addChecks` → `collateDocuments`): none if the payment already has a check; none when the order has
 *   more than one payment (`isAutomaticEnabled`: no inner payment and `PaymentCollection::count() > 1` ⇒ false — so
 *   once an order has two payments, neither gets an automatic receipt); with FFD 1.05 (`collateWithFFD105`) an
 *   unshipped order's paid payment gets a `sell` check; without it (`collate`) only when the payment's sum equals the
 *   order price. A forced type is `addByType` (a manager printing from the payment card): no such rules.
 *   The check is built from the payment's payable items (products at the paid quantity, the delivery when the payment
 *   includes it), the payment (cash/cashless by the pay system's IS_CASH) and the deal contact's e-mail/phone, and
 *   goes through printCheck (print-sender.ts) — so PRINT_URL carries no deal or payment id; the stored check keeps
 *   PAYMENT_ID / ORDER_ID for assertions.
 * - Order of effects on pay, as in `Order::save`: the payment is saved (OnPaymentEntitySaved), the receipt is printed
 *   (PRINT_URL is called synchronously inside the save), then OnSaleOrderSaved.
 */
import { isCheckType, type CheckType } from "./check-types";
import type { EmulatedCheck } from "./checks";
import {
  CrmState,
  MEASURE_NAMES,
  PAY_SYSTEMS,
  type AddPaymentInput,
  type CreateDealInput,
  type EmulatedDeal,
  type EmulatedOrder,
  type EmulatedPayment,
  type PayPaymentOptions,
} from "./crm";
import { CheckValidationError, type CheckPayloadInput } from "./payment-builder";
import { roundPrecision } from "./php";
import { NoCashboxError, findHandlerForCashbox, type PrintCheckOptions } from "./print-sender";
import type { CashboxRow } from "./rest-methods/cashboxes";
import type { HandlerRow } from "./rest-methods/cashbox-handlers";
import { isoWithOffset } from "./time";
import { randomHex } from "./tokens";

export interface CrmPortal {
  crm: CrmState;
  vats: Array<{ id: number; rate: number | null; active: string; name?: string }>;
  cashboxes: CashboxRow[];
  handlers: HandlerRow[];
  checks: Map<number, EmulatedCheck>;
  config: { timezoneOffsetMin: number };
  nowMs(): number;
  nextId(kind: string): number;
  pushOfflineEvent(eventName: string, data: unknown, opts?: { userId?: number }): boolean;
  printCheck(input?: CheckPayloadInput, opts?: PrintCheckOptions): Promise<EmulatedCheck>;
}

export interface PayPaymentResult {
  payment: EmulatedPayment;
  /** The receipt Bitrix created (and POSTed to PRINT_URL, if a cashbox was enabled). */
  check?: EmulatedCheck;
  /** Why no automatic receipt was made (print: true). */
  printSkipped?: string;
  /** Check::validate failed (CheckValidationError) or no active cashbox (NoCashboxError): no check. */
  printError?: Error;
}

function vatIdForRate(portal: CrmPortal, rate: number | null | undefined): number {
  // Check::getVatIdByVatRate: asked only for rates > 0; active rates keyed by (int) RATE, later rows win.
  const pct = Math.trunc(rate ?? 0);
  if (!(pct > 0)) return 0;
  let id = 0;
  for (const v of portal.vats) if (v.active === "Y" && Math.trunc(Number(v.rate ?? 0)) === pct) id = Number(v.id);
  return id;
}

function taxName(rate: number | null): string {
  return rate === null ? "Без НДС" : `НДС ${rate}%`;
}

function recomputeOpportunity(deal: EmulatedDeal): void {
  const rows = deal.rows.reduce((s, r) => s + roundPrecision(r.price * r.quantity), 0);
  deal.opportunity = roundPrecision(rows + (deal.delivery?.price ?? 0));
}

export function createDeal(portal: CrmPortal, input: CreateDealInput): EmulatedDeal {
  const now = portal.nowMs();
  let contactId: number | null = null;
  if (input.contact) {
    contactId = portal.nextId("contact");
    portal.crm.contacts.set(contactId, {
      id: contactId,
      name: input.contact.name ?? "Покупатель",
      lastName: input.contact.lastName ?? "",
      email: input.contact.email ?? null,
      phone: input.contact.phone ?? null,
      dateCreate: now,
    });
  }
  const id = portal.nextId("deal");
  const deal: EmulatedDeal = {
    id,
    title: input.title ?? `Сделка #${id}`,
    currency: input.currency ?? "RUB",
    contactId,
    rows: [],
    delivery: input.delivery ? { name: input.delivery.name ?? "Доставка", price: input.delivery.price } : null,
    opportunity: 0,
    dateCreate: now,
    dateModify: now,
  };
  input.products.forEach((p, i) => {
    const vat = p.vatId !== undefined ? portal.vats.find((v) => v.id === p.vatId) : undefined;
    const taxRate = p.vatRate !== undefined ? p.vatRate : vat ? vat.rate : null;
    const measureCode = p.measureCode ?? 796;
    deal.rows.push({
      id: portal.nextId("productRow"),
      ownerId: id,
      ownerType: "D",
      productId: 0,
      productName: p.name,
      price: p.price,
      quantity: p.quantity,
      discountTypeId: 2,
      discountRate: 0,
      discountSum: 0,
      taxRate,
      taxIncluded: "Y",
      taxName: taxName(taxRate),
      vatId: p.vatId ?? vatIdForRate(portal, taxRate),
      measureCode,
      measureName: MEASURE_NAMES[measureCode] ?? "ед",
      sort: (i + 1) * 10,
      xmlId: "",
      type: 1,
      storeId: null,
    });
  });
  recomputeOpportunity(deal);
  portal.crm.deals.set(id, deal);
  portal.pushOfflineEvent("ONCRMDEALADD", { FIELDS: { ID: id } });
  return deal;
}

function orderSavedEvent(portal: CrmPortal, order: EmulatedOrder): void {
  portal.pushOfflineEvent("OnSaleOrderSaved", { FIELDS: { ID: order.id, XML_ID: order.xmlId, ACTION: "save" } });
}

function ensureOrder(portal: CrmPortal, deal: EmulatedDeal): EmulatedOrder {
  const existing = portal.crm.orderOfDeal(deal.id);
  if (existing) return existing;
  const id = portal.nextId("order");
  const now = portal.nowMs();
  const order: EmulatedOrder = {
    id,
    xmlId: `bx_${randomHex(7).slice(0, 13)}`,
    accountNumber: String(id),
    dealId: deal.id,
    currency: deal.currency,
    price: deal.opportunity,
    basket: new Map(),
    shipmentId: deal.delivery ? portal.nextId("shipment") : null,
    dateInsert: now,
    dateUpdate: now,
  };
  for (const row of deal.rows) {
    const basketId = portal.nextId("basketItem");
    order.basket.set(row.id, basketId);
    // Products\ProductRowXmlId: the deal row is synchronised with its basket line.
    row.xmlId = `sale_basket_${basketId}`;
  }
  portal.crm.orders.set(id, order);
  return order;
}

export function addPayment(portal: CrmPortal, dealId: number, input: AddPaymentInput = {}): EmulatedPayment {
  const deal = portal.crm.deals.get(dealId);
  if (!deal) throw new Error(`portal emulator: no deal ${dealId}`);
  const order = ensureOrder(portal, deal);
  const others = portal.crm.paymentsOfOrder(order.id);

  const whole = input.products === "all" || (input.products === undefined && input.sum === undefined);
  const listed = input.products === undefined || input.products === "all" ? [] : input.products;
  const wanted = whole ? deal.rows.map((r) => ({ rowId: r.id, quantity: r.quantity })) : listed;
  const withDelivery = input.delivery ?? (whole && deal.delivery !== null);
  for (const w of wanted) {
    const row = deal.rows.find((r) => r.id === w.rowId);
    if (!row) throw new Error(`portal emulator: deal ${dealId} has no product row ${w.rowId}`);
    if (!(w.quantity > 0)) throw new Error("portal emulator: payment product quantity must be positive");
    // Payment\Product::canSetQuantity: Σ over the order's payments must not exceed the basket quantity.
    const taken = others.flatMap((p) => p.products).filter((p) => p.rowId === w.rowId).reduce((s, p) => s + p.quantity, 0);
    if (taken + w.quantity > row.quantity) throw new Error(`portal emulator: product row ${w.rowId}: only ${row.quantity - taken} left to pay`);
  }
  if (withDelivery && !deal.delivery) throw new Error(`portal emulator: deal ${dealId} has no delivery`);

  const id = portal.nextId("salePayment");
  const system = PAY_SYSTEMS[input.paySystem ?? "card"];
  const productsSum = wanted.reduce((s, w) => s + roundPrecision(deal.rows.find((r) => r.id === w.rowId)!.price * w.quantity), 0);
  const sum = input.sum ?? roundPrecision(productsSum + (withDelivery ? deal.delivery!.price : 0));
  const now = portal.nowMs();
  const payment: EmulatedPayment = {
    id,
    orderId: order.id,
    dealId,
    accountNumber: `${order.accountNumber}/${others.length + 1}`,
    sum,
    currency: order.currency,
    paid: "N",
    datePaid: null,
    empPaidId: null,
    paySystemId: system.id,
    paySystemName: system.name,
    paySystemIsCash: system.isCash,
    paySystemXmlId: system.xmlId,
    isReturn: "N",
    xmlId: `bx_${randomHex(7).slice(0, 13)}`,
    dateBill: isoWithOffset(now, portal.config.timezoneOffsetMin),
    responsibleId: 1,
    checkType: input.type ?? null,
    // One id sequence for all payable items (b_sale_order_payment_item).
    products: wanted.map((w) => ({ id: portal.nextId("payableItem"), paymentId: id, quantity: w.quantity, rowId: w.rowId })),
    deliveries: [],
  };
  if (withDelivery && order.shipmentId !== null) {
    payment.deliveries.push({ id: portal.nextId("payableItem"), paymentId: id, quantity: 1, deliveryId: order.shipmentId });
  }
  portal.crm.payments.set(id, payment);
  order.dateUpdate = now;
  portal.pushOfflineEvent("OnPaymentEntitySaved", { FIELDS: { ID: id } });
  orderSavedEvent(portal, order);
  return payment;
}

/** Manager::isSupportedFFD105 — false when any active REST cashbox's handler lacks SETTINGS.SUPPORTS_FFD105 = 'Y'. */
export function isSupportedFFD105(portal: CrmPortal): boolean {
  const active = portal.cashboxes.filter((c) => c.ACTIVE === "Y");
  if (active.length === 0) return false;
  return active.every((c) => findHandlerForCashbox(portal, c)?.SETTINGS?.SUPPORTS_FFD105 === "Y");
}

/** The check Bitrix builds for a paid payment (its payable items, its pay system, the deal contact). */
export function checkInputForPayment(portal: CrmPortal, payment: EmulatedPayment, type: CheckType): CheckPayloadInput {
  const deal = portal.crm.deals.get(payment.dealId)!;
  const order = portal.crm.orders.get(payment.orderId)!;
  const contact = deal.contactId !== null ? portal.crm.contacts.get(deal.contactId) : undefined;
  const items = payment.products.map((link) => {
    const row = deal.rows.find((r) => r.id === link.rowId)!;
    return { name: row.productName, price: row.price, quantity: link.quantity, vat: row.vatId, measureCode: String(row.measureCode) };
  });
  const isCash = payment.paySystemIsCash;
  return {
    type,
    items,
    delivery: payment.deliveries.length > 0 && deal.delivery ? { name: deal.delivery.name, price: deal.delivery.price } : null,
    payments: [{ type: isCash === "Y" ? "cash" : "cashless", sum: payment.sum, isCash }],
    orderTotal: order.price,
    clientEmail: contact?.email ?? null,
    clientPhone: contact?.phone ?? null,
    currency: payment.currency,
    paymentId: payment.id,
    orderId: payment.orderId,
  };
}

/** CheckManager::collateDocuments for one paid payment: the automatic check type, or why there is none. */
function automaticCheckType(portal: CrmPortal, payment: EmulatedPayment): { type?: CheckType; skipped?: string } {
  const hasCheck = [...portal.checks.values()].some((c) => c.PAYMENT_ID === payment.id);
  if (hasCheck) return { skipped: "the payment already has a check" };
  const count = portal.crm.paymentsOfOrder(payment.orderId).length;
  if (count > 1) return { skipped: `automatic receipts are off: the order has ${count} payments` };
  if (isSupportedFFD105(portal)) return { type: "sell" };
  const order = portal.crm.orders.get(payment.orderId)!;
  if (roundPrecision(payment.sum) !== roundPrecision(order.price)) return { skipped: "payment sum differs from the order price (no FFD 1.05)" };
  return { type: "sell" };
}

export async function payPayment(portal: CrmPortal, paymentId: number, opts: PayPaymentOptions = {}): Promise<PayPaymentResult> {
  const payment = portal.crm.payments.get(paymentId);
  if (!payment) throw new Error(`portal emulator: no payment ${paymentId}`);
  if (payment.paid === "Y") throw new Error(`portal emulator: payment ${paymentId} is already paid`);
  const atMs = opts.at ? opts.at.getTime() : portal.nowMs();
  payment.paid = "Y";
  payment.datePaid = isoWithOffset(atMs, portal.config.timezoneOffsetMin);
  const order = portal.crm.orders.get(payment.orderId)!;
  order.dateUpdate = portal.nowMs();
  portal.pushOfflineEvent("OnPaymentEntitySaved", { FIELDS: { ID: payment.id } });

  const result: PayPaymentResult = { payment };
  if (opts.print) {
    let type: CheckType | undefined;
    if (opts.print === true) {
      const auto = automaticCheckType(portal, payment);
      type = auto.type ? (payment.checkType ?? auto.type) : undefined;
      if (auto.skipped) result.printSkipped = auto.skipped;
    } else if (isCheckType(opts.print)) {
      type = opts.print;
    } else {
      throw new Error(`portal emulator: unknown check type ${String(opts.print)}`);
    }
    if (type) {
      try {
        result.check = await portal.printCheck(checkInputForPayment(portal, payment, type), { cashboxId: opts.cashboxId });
      } catch (e) {
        if (!(e instanceof CheckValidationError) && !(e instanceof NoCashboxError)) throw e;
        result.printError = e;
      }
    }
  }
  orderSavedEvent(portal, order);
  return result;
}
