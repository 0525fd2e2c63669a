import type { RestClient } from "@/lib/bitrix/portal-client";
import { rublesToKop } from "@/lib/receipts/money";

// Reads CRM payments and what matching needs (deal, buyer contacts, product names) with `batch` calls of up to
// 50 commands, so a sync costs a handful of requests against the portal's 2 req/s budget.

const CHUNK = 50;

async function batchByKey<T>(rest: RestClient, keys: (string | number)[], command: (key: string | number) => { method: string; params: Record<string, unknown> }): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const unique = [...new Set(keys.map(String))];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const slice = unique.slice(i, i + CHUNK);
    const results = await rest.batch(Object.fromEntries(slice.map((k) => [`k${k}`, command(k)])));
    for (const k of slice) {
      const r = results[`k${k}`];
      if (r?.ok) out.set(k, r.result as T);
    }
  }
  return out;
}

export interface PaymentFields {
  paymentId: number;
  orderId: number | null;
  accountNumber: string | null;
  sumKop: number;
  currency: string;
  paid: boolean;
  datePaid: Date | null;
  paySystemName: string | null;
  isCash: boolean | null;
}

interface SalePayment {
  id: number | string;
  orderId?: number | string;
  accountNumber?: string;
  sum?: number | string;
  currency?: string;
  paid?: string;
  datePaid?: string | null;
  paySystemName?: string;
  paySystemIsCash?: string;
}

export async function readPayments(rest: RestClient, paymentIds: number[]): Promise<PaymentFields[]> {
  const got = await batchByKey<{ payment: SalePayment }>(rest, paymentIds, (id) => ({ method: "sale.payment.get", params: { id } }));
  return [...got.values()].map(({ payment: p }) => ({
    paymentId: Number(p.id),
    orderId: p.orderId ? Number(p.orderId) : null,
    accountNumber: p.accountNumber ?? null,
    sumKop: rublesToKop(p.sum ?? 0) ?? 0,
    currency: p.currency ?? "RUB",
    paid: p.paid === "Y",
    datePaid: p.datePaid ? new Date(p.datePaid) : null,
    paySystemName: p.paySystemName ?? null,
    isCash: p.paySystemIsCash === undefined ? null : p.paySystemIsCash === "Y",
  }));
}

/** Payment ids of orders (an OnSaleOrderSaved event names only the order). */
export async function readOrderPaymentIds(rest: RestClient, orderIds: number[]): Promise<number[]> {
  const got = await batchByKey<{ payments: SalePayment[] }>(rest, orderIds, (orderId) => ({ method: "sale.payment.list", params: { select: ["id"], filter: { orderId } } }));
  return [...got.values()].flatMap((r) => r.payments.map((p) => Number(p.id)));
}

/** order id → deal id (orders bound to smart invoices or nothing map to null). */
export async function readOrderDeals(rest: RestClient, orderIds: number[]): Promise<Map<number, number | null>> {
  const got = await batchByKey<{ orderEntity: Array<{ ownerId: number | string; ownerTypeId: number | string }> }>(rest, orderIds, (orderId) => ({
    method: "crm.orderentity.list",
    params: { filter: { orderId } },
  }));
  const out = new Map<number, number | null>();
  for (const [orderId, r] of got) {
    const deal = r.orderEntity.find((e) => Number(e.ownerTypeId) === 2);
    out.set(Number(orderId), deal ? Number(deal.ownerId) : null);
  }
  return out;
}

export interface DealFacts {
  title: string | null;
  emails: string[];
  phones: string[];
  /** product row id → product name */
  rows: Map<number, string>;
}

export async function readDealFacts(rest: RestClient, dealIds: number[]): Promise<Map<number, DealFacts>> {
  const deals = await batchByKey<{ TITLE?: string; CONTACT_ID?: string | null }>(rest, dealIds, (id) => ({ method: "crm.deal.get", params: { id } }));
  const contactIds = [...deals.values()].map((d) => d.CONTACT_ID).filter((c): c is string => !!c);
  const contacts = await batchByKey<{ EMAIL?: Array<{ VALUE: string }>; PHONE?: Array<{ VALUE: string }> }>(rest, contactIds, (id) => ({ method: "crm.contact.get", params: { id } }));
  const rows = await batchByKey<{ productRows: Array<{ id: number | string; productName: string }> }>(rest, dealIds, (id) => ({
    method: "crm.item.productrow.list",
    params: { filter: { "=ownerType": "D", "=ownerId": id } },
  }));
  const out = new Map<number, DealFacts>();
  for (const id of dealIds) {
    const deal = deals.get(String(id));
    const contact = deal?.CONTACT_ID ? contacts.get(String(deal.CONTACT_ID)) : undefined;
    out.set(id, {
      title: deal?.TITLE ?? null,
      emails: (contact?.EMAIL ?? []).map((e) => e.VALUE),
      phones: (contact?.PHONE ?? []).map((p) => p.VALUE),
      rows: new Map((rows.get(String(id))?.productRows ?? []).map((r) => [Number(r.id), r.productName])),
    });
  }
  return out;
}

/** payment id → the deal product rows it pays for (row id, quantity). */
export async function readPaymentRows(rest: RestClient, paymentIds: number[]): Promise<Map<number, Array<{ rowId: number; quantity: number }>>> {
  const got = await batchByKey<Array<{ rowId: number | string; quantity: number | string }>>(rest, paymentIds, (paymentId) => ({
    method: "crm.item.payment.product.list",
    params: { paymentId },
  }));
  return new Map([...got].map(([id, list]) => [Number(id), list.map((r) => ({ rowId: Number(r.rowId), quantity: Number(r.quantity) }))]));
}

export interface DealRow {
  id: number;
  name: string;
  /** Per unit after discount, VAT included, kopecks. */
  priceKop: number;
  taxRate: number | null;
  measureCode: string | null;
}

/** The deal's product rows with prices as the buyer pays them (VAT added when the row price excludes it). */
export async function readDealRows(rest: RestClient, dealId: number): Promise<Map<number, DealRow>> {
  const r = await rest.call<{ productRows: Array<{ id: number | string; productName: string; price: number | string; taxRate: number | string | null; taxIncluded: string; measureCode?: number | string | null }> }>(
    "crm.item.productrow.list",
    { filter: { "=ownerType": "D", "=ownerId": dealId } },
  );
  const out = new Map<number, DealRow>();
  for (const row of r?.productRows ?? []) {
    const rate = row.taxRate === null || row.taxRate === "" ? null : Number(row.taxRate);
    const price = rublesToKop(row.price) ?? 0;
    const priceKop = row.taxIncluded === "N" && rate ? Math.round((price * (100 + rate)) / 100) : price;
    out.set(Number(row.id), { id: Number(row.id), name: row.productName, priceKop, taxRate: rate, measureCode: row.measureCode === null || row.measureCode === undefined ? null : String(row.measureCode).padStart(3, "0") });
  }
  return out;
}
