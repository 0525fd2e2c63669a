/**
 * The CRM / sale side of a deal as Bitrix24 keeps it (docs/bitrix24-protocol.md §4): a deal with a contact and
 * product rows; Sales Center payments live in a sale order bound to the deal (b_crm_order_entity, read with
 * crm.orderentity.list); each payment has payable items — basket lines (crm.item.payment.product.list, `rowId` = the
 * deal's product row) and the shipment (crm.item.payment.delivery.list).
 *
 * Sources: EN api-reference/crm/deals/crm-deal-get.md, crm/contacts/crm-contact-get.md,
 * crm/universal/product-rows/crm-item-productrow-list.md, crm/universal/payment/*.md, sale/data-types.md
 * (sale_order_payment), crm/universal/order-entity/crm-order-entity-list.md; CRM `lib/controller/item/payment.php`,
 * `payment/base.php` (payable items: ID, PAYMENT_ID, QUANTITY, ENTITY_ID), `payment/product.php` (rowId comes from the
 * product row whose XML_ID is `sale_basket_<basket id>`).
 *
 * Decisions where the sources are silent:
 * - a deal's OPPORTUNITY = Σ product rows (price × quantity) + the delivery price (the order price); the delivery is
 *   not a product row;
 * - the order is created with the first payment (as crm.item.payment.add does when the deal has no order:
 *   `OrderEntityTable::getOrderIdsByOwner` empty ⇒ new order bound to the deal) and is the deal's only order;
 * - payments and their payable items use the order's currency; `accountNumber` is `<order id>/<n>` (docs: "161/1");
 * - pay systems: card = id 2 "Банковская карта" (IS_CASH N), cash = id 1 "Наличные" (IS_CASH Y).
 */
import type { CheckType } from "./check-types";

export const DEAL_ENTITY_TYPE_ID = 2;

export interface EmulatedContact {
  id: number;
  name: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  /** Portal clock, unix ms. */
  dateCreate: number;
}

/** A deal product row (crm_item_product_row, camelCase as crm.item.productrow.list returns it). */
export interface EmulatedProductRow {
  id: number;
  ownerId: number;
  ownerType: "D";
  productId: number;
  productName: string;
  /** Per unit, tax included (taxIncluded Y), after discount. */
  price: number;
  quantity: number;
  discountTypeId: number;
  discountRate: number;
  discountSum: number;
  /** Percent, or null for "no VAT". */
  taxRate: number | null;
  taxIncluded: "Y" | "N";
  taxName: string;
  /** Catalog VAT id the check carries for this line (`items[].vat`); 0 = none. Not a REST field. */
  vatId: number;
  measureCode: number;
  measureName: string;
  sort: number;
  /** `sale_basket_<basket id>` once the row is in the deal's order, else "". */
  xmlId: string;
  type: number;
  storeId: number | null;
}

export interface EmulatedDeal {
  id: number;
  title: string;
  currency: string;
  contactId: number | null;
  rows: EmulatedProductRow[];
  delivery: { name: string; price: number } | null;
  /** Σ rows + delivery. */
  opportunity: number;
  dateCreate: number;
  dateModify: number;
}

export interface EmulatedOrder {
  id: number;
  xmlId: string;
  accountNumber: string;
  dealId: number;
  currency: string;
  /** Order price = the deal's products + delivery. */
  price: number;
  /** Basket item id per deal product row id. */
  basket: Map<number, number>;
  /** The (non-system) shipment carrying the delivery, when the deal has one. */
  shipmentId: number | null;
  dateInsert: number;
  dateUpdate: number;
}

/** b_sale_order_payment_item of type basket item, as crm.item.payment.product.list shows it. */
export interface EmulatedPaymentProduct {
  id: number;
  paymentId: number;
  quantity: number;
  /** The deal's product row id. */
  rowId: number;
}

/** b_sale_order_payment_item of type shipment, as crm.item.payment.delivery.list shows it. */
export interface EmulatedPaymentDelivery {
  id: number;
  paymentId: number;
  quantity: number;
  deliveryId: number;
}

export interface EmulatedPayment {
  id: number;
  orderId: number;
  dealId: number;
  accountNumber: string;
  sum: number;
  currency: string;
  paid: "Y" | "N";
  /** ISO 8601 with the portal's offset, null while unpaid. */
  datePaid: string | null;
  empPaidId: number | null;
  paySystemId: number;
  paySystemName: string;
  paySystemIsCash: "Y" | "N";
  paySystemXmlId: string;
  isReturn: "N" | "Y" | "P";
  xmlId: string;
  /** ISO 8601 with the portal's offset. */
  dateBill: string;
  responsibleId: number;
  /** The receipt type `payPayment(…, {print: true})` uses when the automatic rules allow a receipt (default sell). */
  checkType: CheckType | null;
  products: EmulatedPaymentProduct[];
  deliveries: EmulatedPaymentDelivery[];
}

/** A crm.timeline.logmessage.add entry (EN crm/timeline/logmessage/crm-timeline-logmessage-add.md). */
export interface EmulatedLogMessage {
  id: number;
  entityTypeId: number;
  entityId: number;
  /** ISO 8601 with the portal's offset. */
  created: string;
  authorId: number;
  title: string;
  text: string;
  iconCode: string;
  /** The app that wrote it (SETTINGS.CLIENT_ID in CRM). */
  clientId: string;
}

export interface DealProductInput {
  name: string;
  price: number;
  quantity: number;
  /** VAT percent (20, 10, 0) or null for "no VAT". Default null. */
  vatRate?: number | null;
  /** Catalog VAT id for the check; default: resolved from vatRate (Check::getVatIdByVatRate — rate > 0 only). */
  vatId?: number;
  /** OKEI code. Default 796 (шт). */
  measureCode?: number;
}

export interface CreateDealInput {
  title?: string;
  /** Default RUB. */
  currency?: string;
  /** A contact is created when given (EMAIL / PHONE multi-fields). */
  contact?: { name?: string; lastName?: string; email?: string; phone?: string };
  products: DealProductInput[];
  delivery?: { price: number; name?: string };
}

export interface AddPaymentInput {
  /** Default: Σ of the linked products (+ delivery). Overrides the computed sum when given. */
  sum?: number;
  /**
   * Payable items. 'all' = every product row at its full quantity (and the delivery). Default 'all', or no products
   * at all when only `sum` is given.
   */
  products?: "all" | Array<{ rowId: number; quantity: number }>;
  /** Include the deal's delivery in this payment. Default: true for 'all' when the deal has one, false for a product list. */
  delivery?: boolean;
  /** Default 'card'. */
  paySystem?: "card" | "cash";
  /** Receipt type for the automatic receipt of this payment, when one is allowed (default: Bitrix's choice, sell). */
  type?: CheckType;
}

export interface PayPaymentOptions {
  /** When it was paid. Default: the portal clock now. */
  at?: Date;
  /**
   * true: Bitrix's automatic receipt (CheckManager::addChecks) — only when the rules allow one (see payPayment).
   * A check type: printed regardless, like a manager printing it from the payment card (CheckManager::addByType).
   */
  print?: boolean | CheckType;
  /** Print on this cashbox (see PrintCheckOptions.cashboxId). */
  cashboxId?: number;
}

export const PAY_SYSTEMS = {
  card: { id: 2, name: "Банковская карта", isCash: "N" as const, xmlId: "bx_emulator_card" },
  cash: { id: 1, name: "Наличные", isCash: "Y" as const, xmlId: "bx_emulator_cash" },
};

export const MEASURE_NAMES: Record<number, string> = { 796: "шт", 166: "кг", 112: "л", 6: "м", 778: "упак" };

/** Everything CRM/sale the portal holds. */
export class CrmState {
  readonly contacts = new Map<number, EmulatedContact>();
  readonly deals = new Map<number, EmulatedDeal>();
  readonly orders = new Map<number, EmulatedOrder>();
  readonly payments = new Map<number, EmulatedPayment>();
  readonly timeline: EmulatedLogMessage[] = [];

  orderOfDeal(dealId: number): EmulatedOrder | undefined {
    for (const o of this.orders.values()) if (o.dealId === dealId) return o;
    return undefined;
  }

  paymentsOfOrder(orderId: number): EmulatedPayment[] {
    return [...this.payments.values()].filter((p) => p.orderId === orderId).sort((a, b) => a.id - b.id);
  }

  /** Every product row of every deal. */
  allRows(): EmulatedProductRow[] {
    return [...this.deals.values()].flatMap((d) => d.rows);
  }
}
