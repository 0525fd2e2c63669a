/**
 * The portal emulator's CRM side, driven through the real b24jssdk `B24OAuth`: a deal with product rows, a contact and
 * a delivery; Sales Center payments in an order bound to the deal; the offline events paying fires; the REST methods a
 * deal view and a backfill read (sale.payment.*, crm.orderentity.list, crm.item.payment.*, crm.item.productrow.list,
 * crm.deal.*, crm.timeline.logmessage.*, event.offline.get/clear, batch); and the receipt a paid payment prints to
 * PRINT_URL (a tiny local HTTP server stands in for the app).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AjaxError, type B24OAuth } from "@bitrix24/b24jssdk";
import qs from "qs";
import { afterEach, describe, expect, it } from "vitest";
import { callResult, emulatorSdk } from "../helpers/emulator-sdk";
import { startPortalEmulator, type EmulatedDeal, type EmulatedPortal, type PortalEmulator } from "../fakes/bitrix-portal/emulator";


// ---------- the stand-in app (PRINT_URL / CHECK_URL) ----------

interface FakeApp {
  url: string;
  prints: Array<{ url: string; body: string }>;
  close(): Promise<void>;
}

async function startFakeApp(): Promise<FakeApp> {
  const prints: FakeApp["prints"] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "/").split("?")[0];
      if (path === "/print") prints.push({ url: req.url ?? "", body });
      const text = JSON.stringify(path === "/print" ? { UUID: `uuid-${prints.length}` } : { STATUS: "WAIT" });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    prints,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------- portal per test ----------

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function sdk(emu: PortalEmulator, p: EmulatedPortal, userId = 1): B24OAuth {
  return emulatorSdk(emu, p, userId).b24;
}

const call = callResult as <T = any>(b24: B24OAuth, method: string, params?: Record<string, unknown>) => Promise<T>;

/** The whole envelope ({result, total, next, time}) — the SDK's getData() drops next/total, so read it raw. */
async function callFull(p: EmulatedPortal, method: string, params: Record<string, unknown> = {}): Promise<any> {
  const r = await rest(p, method, params);
  expect(r.status).toBe(200);
  return r.body;
}

async function ajaxError(promise: Promise<unknown>): Promise<AjaxError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AjaxError) return e;
    throw e;
  }
  throw new Error("expected an AjaxError");
}

/** A raw REST call (JSON body) for exact status and body. */
async function rest(p: EmulatedPortal, method: string, params: Record<string, unknown>, userId = 1) {
  const token = p.issueTokens(userId).accessToken;
  const res = await fetch(`${p.origin}/rest/${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...params, auth: token }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function setup() {
  const emu = await startPortalEmulator();
  cleanups.push(() => emu.close());
  const portal = emu.portals[0]!;
  return { emu, portal, b24: sdk(emu, portal) };
}

async function withCashbox(b24: B24OAuth) {
  const app = await startFakeApp();
  cleanups.push(() => app.close());
  await call(b24, "sale.cashbox.handler.add", {
    CODE: "kkt",
    NAME: "Облачная касса",
    SETTINGS: {
      PRINT_URL: `${app.url}/print?p=k1`,
      CHECK_URL: `${app.url}/check?p=k1`,
      HTTP_VERSION: "1.1",
      SUPPORTS_FFD105: "Y",
      CONFIG: { COMPANY: { LABEL: "Организация", ITEMS: { INN: { TYPE: "STRING", REQUIRED: "Y", LABEL: "ИНН" } } } },
    },
  });
  await call(b24, "sale.cashbox.add", { NAME: "Касса 1", REST_CODE: "kkt", EMAIL: "ops@example.test", ACTIVE: "Y", SETTINGS: { COMPANY: { INN: "7707083893" } } });
  return app;
}

/** 3 products and a delivery: 2 × 1 500 (20 %), 1 × 990 (10 %), 3 × 100 (no VAT) + 300 delivery = 4 590. */
function threeProductDeal(portal: EmulatedPortal): EmulatedDeal {
  return portal.createDeal({
    title: "Заказ с сайта",
    contact: { name: "Анна", email: "anna@example.test", phone: "+79990001122" },
    products: [
      { name: "Чайник", price: 1500, quantity: 2, vatRate: 20 },
      { name: "Кружка", price: 990, quantity: 1, vatRate: 10 },
      { name: "Ложка", price: 100, quantity: 3, vatRate: null, measureCode: 796 },
    ],
    delivery: { price: 300 },
  });
}

const form = (body: string) => qs.parse(body, { depth: 10, arrayLimit: 100 }) as any;

// ---------- deal, rows, payments ----------

describe("deal, product rows and payments", () => {
  it("serves the deal, its contact and product rows in the documented shapes", async () => {
    const { portal, b24 } = await setup();
    const deal = threeProductDeal(portal);

    const got = await call(b24, "crm.deal.get", { id: deal.id });
    expect(got).toMatchObject({ ID: String(deal.id), TITLE: "Заказ с сайта", CURRENCY_ID: "RUB", OPPORTUNITY: "4590.00", CONTACT_ID: expect.any(String) });
    expect(got.DATE_CREATE).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    const contact = await call(b24, "crm.contact.get", { id: Number(got.CONTACT_ID) });
    expect(contact.EMAIL).toEqual([{ ID: expect.any(String), VALUE_TYPE: "WORK", VALUE: "anna@example.test", TYPE_ID: "EMAIL" }]);
    expect(contact.PHONE[0]).toMatchObject({ VALUE: "+79990001122", TYPE_ID: "PHONE" });
    expect(await rest(portal, "crm.deal.get", { id: 9999 })).toEqual({ status: 400, body: { error: "", error_description: "Not found" } });
    expect((await rest(portal, "crm.deal.get", { id: "abc" })).body.error_description).toBe("ID is not defined or invalid.");
    // b24jssdk 2.2.0 parseErrorPayload only reads a non-empty *string* `error`: "" (legacy CRM) and numeric codes
    // (sale's 200640400001, crm.item.payment's 0) surface as axios' ERR_BAD_REQUEST without Bitrix's description.
    const viaSdk = await ajaxError(call(b24, "crm.deal.get", { id: 9999 }));
    expect([viaSdk.status, viaSdk.code]).toEqual([400, "ERR_BAD_REQUEST"]);

    const rows = await callFull(portal, "crm.item.productrow.list", { filter: { "=ownerType": "D", "=ownerId": deal.id } });
    expect(rows.total).toBe(3);
    expect(rows.result.productRows.map((r: any) => [r.productName, r.price, r.quantity, r.taxRate, r.taxIncluded])).toEqual([
      ["Чайник", 1500, 2, 20, "Y"],
      ["Кружка", 990, 1, 10, "Y"],
      ["Ложка", 100, 3, null, "Y"],
    ]);
    expect(Object.keys(rows.result.productRows[0])).toEqual([
      "id", "ownerId", "ownerType", "productId", "productName", "price", "priceAccount", "priceExclusive", "priceNetto",
      "priceBrutto", "quantity", "discountTypeId", "discountRate", "discountSum", "taxRate", "taxIncluded", "taxName",
      "customized", "measureCode", "measureName", "sort", "xmlId", "type", "storeId",
    ]);
    expect(rows.result.productRows[0]).toMatchObject({ ownerId: deal.id, ownerType: "D", priceExclusive: 1250, measureCode: 796, measureName: "шт", discountSum: 0 });

    const missing = await rest(portal, "crm.item.productrow.list", { filter: { "=ownerId": deal.id } });
    expect(missing).toEqual({ status: 400, body: { error: "REQUIRED_ARG_MISSING", error_description: "Argument '=ownerType' is required" } });
    const noDeal = await rest(portal, "crm.item.productrow.list", { filter: { "=ownerType": "D", "=ownerId": 9999 } });
    expect(noDeal.body.error).toBe("ACCESS_DENIED");
  });

  it("binds the order to the deal on the first payment and lists payments with their products and delivery", async () => {
    const { portal, b24 } = await setup();
    const deal = threeProductDeal(portal);
    const [kettle, mug, spoon] = deal.rows;
    const first = portal.addPayment(deal.id, { products: [{ rowId: kettle!.id, quantity: 2 }] });
    const second = portal.addPayment(deal.id, {
      products: [{ rowId: mug!.id, quantity: 1 }, { rowId: spoon!.id, quantity: 3 }],
      delivery: true,
      paySystem: "cash",
    });
    expect(first.orderId).toBe(second.orderId);
    expect([first.sum, second.sum]).toEqual([3000, 1590]);
    expect(() => portal.addPayment(deal.id, { products: [{ rowId: kettle!.id, quantity: 1 }] })).toThrow(/only 0 left/);

    const list = await call<any[]>(b24, "crm.item.payment.list", { entityTypeId: 2, entityId: deal.id });
    expect(list).toEqual([
      { id: first.id, accountNumber: `${first.orderId}/1`, paid: "N", datePaid: null, empPaidId: null, paySystemId: 2, sum: 3000, currency: "RUB", paySystemName: "Банковская карта" },
      { id: second.id, accountNumber: `${first.orderId}/2`, paid: "N", datePaid: null, empPaidId: null, paySystemId: 1, sum: 1590, currency: "RUB", paySystemName: "Наличные" },
    ]);
    expect(await call(b24, "crm.item.payment.list", { entityTypeId: 2, entityId: deal.id, filter: { paySystemId: 1 } })).toEqual([list[1]]);
    expect(await call(b24, "crm.item.payment.get", { id: second.id })).toEqual(list[1]);
    const notFound = await rest(portal, "crm.item.payment.get", { id: 9999 });
    expect(notFound).toEqual({ status: 400, body: { error: 0, error_description: "Insufficient permissions" } });
    expect((await rest(portal, "crm.item.payment.list", { entityTypeId: 2 })).body).toEqual({
      error: "100",
      error_description: "Could not find value for parameter {entityId}",
    });

    const products = await call<any[]>(b24, "crm.item.payment.product.list", { paymentId: second.id });
    expect(products).toEqual([
      { id: expect.any(Number), paymentId: second.id, quantity: 1, rowId: mug!.id },
      { id: expect.any(Number), paymentId: second.id, quantity: 3, rowId: spoon!.id },
    ]);
    expect(await call(b24, "crm.item.payment.product.list", { paymentId: first.id })).toEqual([
      { id: expect.any(Number), paymentId: first.id, quantity: 2, rowId: kettle!.id },
    ]);
    expect(await call(b24, "crm.item.payment.delivery.list", { paymentId: first.id })).toEqual([]);
    const deliveries = await call<any[]>(b24, "crm.item.payment.delivery.list", { paymentId: second.id });
    expect(deliveries).toEqual([{ id: expect.any(Number), paymentId: second.id, quantity: 1, deliveryId: expect.any(Number) }]);
    expect((await rest(portal, "crm.item.payment.product.list", { paymentId: 9999 })).body).toEqual({ error: 0, error_description: "Payment has not been found" });

    // The deal's rows now carry their basket XML_ID (what rowId is resolved through).
    const rows = await call(b24, "crm.item.productrow.list", { filter: { "=ownerType": "D", "=ownerId": deal.id } });
    expect(rows.productRows.every((r: any) => /^sale_basket_\d+$/.test(r.xmlId))).toBe(true);
  });

  it("pages crm.deal.list by 50 with next/total and filters it", async () => {
    const { portal, b24 } = await setup();
    for (let i = 0; i < 55; i++) portal.createDeal({ title: `Deal ${i}`, products: [{ name: "X", price: 100 + i, quantity: 1 }] });
    const p1 = await callFull(portal, "crm.deal.list", { select: ["ID", "TITLE", "OPPORTUNITY"] });
    expect(p1.result).toHaveLength(50);
    expect([p1.next, p1.total]).toEqual([50, 55]);
    expect(Object.keys(p1.result[0])).toEqual(["ID", "TITLE", "OPPORTUNITY"]);
    const p2 = await callFull(portal, "crm.deal.list", { select: ["ID"], start: 50 });
    expect(p2.result.map((d: any) => d.ID)).toEqual(["51", "52", "53", "54", "55"]);
    expect(p2.next).toBeUndefined();
    const rich = await call<any[]>(b24, "crm.deal.list", { filter: { ">=OPPORTUNITY": 150 }, select: ["ID"], order: { ID: "DESC" } });
    expect(rich.map((d) => d.ID)).toEqual(["55", "54", "53", "52", "51"]);
  });
});

// ---------- paying: events, payment → order → deal ----------

describe("paying a payment", () => {
  it("queues OnPaymentEntitySaved and OnSaleOrderSaved only when bound offline, and leads back to the deal", async () => {
    const { portal, b24 } = await setup();
    const deal = threeProductDeal(portal);
    const first = portal.addPayment(deal.id, { products: [{ rowId: deal.rows[0]!.id, quantity: 2 }] });
    const second = portal.addPayment(deal.id, { products: [{ rowId: deal.rows[1]!.id, quantity: 1 }] });

    // Not bound: nothing is queued.
    await portal.payPayment(first.id, { at: new Date("2026-03-01T09:30:00Z") });
    expect(portal.offlineEvents).toHaveLength(0);

    expect(await call(b24, "event.bind", { event: "OnPaymentEntitySaved", event_type: "offline" })).toBe(true);
    expect(await call(b24, "event.bind", { event: "OnSaleOrderSaved", event_type: "offline" })).toBe(true);
    const paid = await portal.payPayment(second.id, { at: new Date("2026-03-02T10:00:00Z") });
    expect(paid.payment.datePaid).toBe("2026-03-02T13:00:00+03:00");

    const got = await call(b24, "event.offline.get", {});
    expect(got.process_id).toBeNull();
    expect(got.events.map((e: any) => [e.EVENT_NAME, e.EVENT_DATA])).toEqual([
      ["ONPAYMENTENTITYSAVED", { FIELDS: { ID: second.id } }],
      ["ONSALEORDERSAVED", { FIELDS: { ID: second.orderId, XML_ID: expect.stringMatching(/^bx_/), ACTION: "save" } }],
    ]);
    expect(got.events[0].MESSAGE_ID).toMatch(/^[0-9a-f]{32}$/);
    expect((await call(b24, "event.offline.get", {})).events).toEqual([]);

    // The app's path from the event to the deal.
    const paymentId = got.events[0].EVENT_DATA.FIELDS.ID;
    const { payment } = await call(b24, "sale.payment.get", { id: paymentId });
    expect(payment).toMatchObject({ id: second.id, orderId: second.orderId, paid: "Y", datePaid: "2026-03-02T13:00:00+03:00", sum: 990, currency: "RUB", paySystemIsCash: "N", isReturn: "N" });
    expect(Object.keys(payment)).toContain("paySystemXmlId");
    const bindings = await callFull(portal, "crm.orderentity.list", { filter: { orderId: payment.orderId } });
    expect(bindings.result).toEqual({ orderEntity: [{ ownerId: deal.id, ownerTypeId: 2, orderId: payment.orderId }] });
    expect(bindings.total).toBe(1);

    expect((await rest(portal, "sale.payment.get", { id: 9999 })).body).toEqual({ error: 200640400001, error_description: "payment does not exist" });
    expect((await rest(portal, "sale.payment.get", { id: second.id }, 2)).body).toEqual({ error: 200040300010, error_description: "Access Denied" });
    await expect(portal.payPayment(second.id)).rejects.toThrow(/already paid/);
  });

  it("merges an identical pending event (same MESSAGE_ID) and fires on payment creation too", async () => {
    const { portal, b24 } = await setup();
    await call(b24, "event.bind", { event: "OnPaymentEntitySaved", event_type: "offline" });
    const deal = threeProductDeal(portal);
    const payment = portal.addPayment(deal.id);
    expect(portal.offlineEvents.map((e) => e.EVENT_DATA)).toEqual([{ FIELDS: { ID: payment.id } }]);
    await portal.payPayment(payment.id);
    // Still one row: Bitrix MERGEs on (MESSAGE_ID, APP_ID, CONNECTOR_ID, PROCESS_ID).
    expect(portal.offlineEvents).toHaveLength(1);
    const marked = await call(b24, "event.offline.get", { clear: 0 });
    expect(marked.events).toHaveLength(1);
    // Once the first copy is marked by a process, the same event is a new row.
    expect(portal.pushOfflineEvent("OnPaymentEntitySaved", { FIELDS: { ID: payment.id } })).toBe(true);
    expect(portal.offlineEvents).toHaveLength(2);
  });
});

// ---------- event.offline.get clear=0 / event.offline.clear ----------

describe("event.offline.get with clear=0 and event.offline.clear", () => {
  it("keeps fetched events marked for their process until cleared", async () => {
    const { portal, b24 } = await setup();
    await call(b24, "event.bind", { event: "OnPaymentEntitySaved", event_type: "offline" });
    for (const id of [11, 12, 13]) portal.pushOfflineEvent("OnPaymentEntitySaved", { FIELDS: { ID: id } });

    const a = await call(b24, "event.offline.get", { clear: 0, limit: 2 });
    expect(a.process_id).toMatch(/^[0-9a-f]{32}$/);
    expect(a.events.map((e: any) => e.EVENT_DATA.FIELDS.ID)).toEqual([11, 12]);
    // Another process only sees what is not marked.
    const b = await call(b24, "event.offline.get", { clear: 0 });
    expect(b.process_id).not.toBe(a.process_id);
    expect(b.events.map((e: any) => e.EVENT_DATA.FIELDS.ID)).toEqual([13]);
    expect((await call(b24, "event.offline.get", { clear: 0 })).events).toEqual([]);
    // Re-reading with the same process id returns the same rows; nothing new is marked for it.
    portal.pushOfflineEvent("OnPaymentEntitySaved", { FIELDS: { ID: 14 } });
    const again = await call(b24, "event.offline.get", { clear: 0, process_id: a.process_id });
    expect([again.process_id, again.events.map((e: any) => e.ID)]).toEqual([a.process_id, a.events.map((e: any) => e.ID)]);

    // Clear one row of process A by id, then the rest of it.
    expect(await call(b24, "event.offline.clear", { process_id: a.process_id, id: [Number(a.events[0].ID)] })).toBe(true);
    expect((await call(b24, "event.offline.get", { clear: 0, process_id: a.process_id })).events.map((e: any) => e.EVENT_DATA.FIELDS.ID)).toEqual([12]);
    expect(await call(b24, "event.offline.clear", { process_id: a.process_id })).toBe(true);
    expect((await call(b24, "event.offline.get", { clear: 0, process_id: a.process_id })).events).toEqual([]);
    // Process B by message id.
    expect(await call(b24, "event.offline.clear", { process_id: b.process_id, message_id: [b.events[0].MESSAGE_ID] })).toBe(true);
    expect(portal.offlineEvents.map((e) => e.EVENT_DATA.FIELDS.ID)).toEqual([14]);

    const noProcess = await rest(portal, "event.offline.clear", {});
    expect(noProcess).toEqual({ status: 400, body: { error: "ERROR_ARGUMENT", error_description: "Argument 'PROCESS_ID' is null or empty", argument: "PROCESS_ID" } });
    expect((await rest(portal, "event.offline.clear", { process_id: "x", id: 5 })).body.error_description).toBe("Value must be array of integers");
    expect((await rest(portal, "event.offline.clear", { process_id: "x" }, 2)).status).toBe(403);
  });
});

// ---------- sale.payment.list (backfill) and batch ----------

describe("sale.payment.list and batch", () => {
  it("filters, selects and pages payments for a backfill", async () => {
    const { portal, b24 } = await setup();
    const deals = [threeProductDeal(portal), threeProductDeal(portal)];
    const p1 = portal.addPayment(deals[0]!.id);
    const p2 = portal.addPayment(deals[1]!.id, { products: [{ rowId: deals[1]!.rows[0]!.id, quantity: 1 }] });
    const p3 = portal.addPayment(deals[1]!.id, { products: [{ rowId: deals[1]!.rows[1]!.id, quantity: 1 }] });
    await portal.payPayment(p1.id, { at: new Date("2026-01-10T12:00:00Z") });
    await portal.payPayment(p3.id, { at: new Date("2026-02-10T12:00:00Z") });

    const all = await callFull(portal, "sale.payment.list", {});
    expect(all.total).toBe(3);
    expect(all.result.payments.map((p: any) => p.id)).toEqual([p1.id, p2.id, p3.id]);
    const paid = await call(b24, "sale.payment.list", { select: ["id", "orderId", "paid", "datePaid", "sum"], filter: { paid: "Y" }, order: { datePaid: "desc" } });
    expect(paid.payments).toEqual([
      { id: p3.id, orderId: p3.orderId, paid: "Y", datePaid: "2026-02-10T15:00:00+03:00", sum: 990 },
      { id: p1.id, orderId: p1.orderId, paid: "Y", datePaid: "2026-01-10T15:00:00+03:00", sum: 4590 },
    ]);
    // datePaid compared as an instant, whatever the offset.
    const since = await call(b24, "sale.payment.list", { select: ["id"], filter: { ">datePaid": "2026-02-01T00:00:00+00:00" } });
    expect(since.payments).toEqual([{ id: p3.id }]);
    // 14:00+02:00 is p3's very instant (12:00Z): not after it, although the string sorts before p3's "15:00+03:00".
    expect((await call(b24, "sale.payment.list", { select: ["id"], filter: { ">datePaid": "2026-02-10T14:00:00+02:00" } })).payments).toEqual([]);
    expect((await call(b24, "sale.payment.list", { select: ["id"], filter: { ">=datePaid": "2026-02-10T14:00:00+02:00" } })).payments).toEqual([{ id: p3.id }]);
    const byOrder = await call(b24, "sale.payment.list", { select: ["id"], filter: { "=orderId": p2.orderId } });
    expect(byOrder.payments).toEqual([{ id: p2.id }, { id: p3.id }]);
    // No dateUpdate on payments: the condition is dropped, as Bitrix drops unknown fields.
    expect((await callFull(portal, "sale.payment.list", { filter: { ">dateUpdate": "2030-01-01T00:00:00+03:00" } })).total).toBe(3);

    for (let i = 0; i < 50; i++) portal.addPayment(portal.createDeal({ products: [{ name: "x", price: 10, quantity: 1 }] }).id);
    const page1 = await callFull(portal, "sale.payment.list", { select: ["id"] });
    expect([page1.result.payments.length, page1.next, page1.total]).toEqual([50, 50, 53]);
    const page2 = await callFull(portal, "sale.payment.list", { select: ["id"], start: 50 });
    expect([page2.result.payments.length, page2.next]).toEqual([3, undefined]);
  });

  it("answers sale.payment.get, crm.orderentity.list and crm.item.payment.list inside batch", async () => {
    const { portal, b24 } = await setup();
    const deal = threeProductDeal(portal);
    const a = portal.addPayment(deal.id, { products: [{ rowId: deal.rows[0]!.id, quantity: 2 }] });
    const b = portal.addPayment(deal.id, { products: [{ rowId: deal.rows[2]!.id, quantity: 3 }], delivery: true });
    const r = await b24.actions.v2.batch.make({
      calls: {
        a: { method: "sale.payment.get", params: { id: a.id } },
        b: { method: "sale.payment.get", params: { id: b.id } },
      },
      options: { isHaltOnError: true },
    });
    expect(r.isSuccess).toBe(true);
    const data = r.getData() as any;
    expect([data.a.payment.id, data.a.payment.sum, data.b.payment.id, data.b.payment.sum]).toEqual([a.id, 3000, b.id, 600]);

    const raw = await rest(portal, "batch", {
      halt: 0,
      cmd: {
        p: `sale.payment.get?id=${b.id}`,
        o: "crm.orderentity.list?filter[orderId]=$result[p][payment][orderId]",
        l: `crm.item.payment.list?entityTypeId=2&entityId=${deal.id}`,
        x: "sale.payment.get?id=9999",
      },
    });
    expect(raw.status).toBe(200);
    expect(raw.body.result.result.o.orderEntity).toEqual([{ ownerId: deal.id, ownerTypeId: 2, orderId: b.orderId }]);
    expect(raw.body.result.result.l.map((p: any) => p.id)).toEqual([a.id, b.id]);
    expect(raw.body.result.result_error).toEqual({ x: { error: 200640400001, error_description: "payment does not exist" } });
    expect(raw.body.result.result_total).toEqual({ o: 1 });
  });
});

// ---------- timeline ----------

describe("crm.timeline.logmessage", () => {
  it("adds log messages to a deal and lists them newest first", async () => {
    const { portal, b24 } = await setup();
    const deal = threeProductDeal(portal);
    const first = await call(b24, "crm.timeline.logmessage.add", {
      fields: { entityTypeId: 2, entityId: deal.id, title: "Чек пробит", text: "Чек №1 на 990 ₽", iconCode: "info" },
    });
    expect(first.logMessage).toEqual({
      id: expect.any(Number),
      created: expect.stringMatching(/\+03:00$/),
      authorId: 1,
      title: "Чек пробит",
      text: "Чек №1 на 990 ₽",
      iconCode: "info",
    });
    await call(b24, "crm.timeline.logmessage.add", { fields: { entityTypeId: 2, entityId: deal.id, title: "Второй", text: "t", iconCode: "info" } });
    expect(portal.timeline.map((m) => [m.entityId, m.title, m.clientId])).toEqual([
      [deal.id, "Чек пробит", "local.test"],
      [deal.id, "Второй", "local.test"],
    ]);

    const list = await callFull(portal, "crm.timeline.logmessage.list", { entityTypeId: 2, entityId: deal.id });
    expect(list.result.map((m: any) => m.title)).toEqual(["Второй", "Чек пробит"]);
    expect(list.total).toBe(2);
    const asc = await call(b24, "crm.timeline.logmessage.list", { entityTypeId: 2, entityId: deal.id, order: { id: "asc" } });
    expect(asc.map((m: any) => m.title)).toEqual(["Чек пробит", "Второй"]);
    portal.logMessageListShape = "page";
    expect((await call(b24, "crm.timeline.logmessage.list", { entityTypeId: 2, entityId: deal.id })).logMessages).toHaveLength(2);

    const noOwner = await rest(portal, "crm.timeline.logmessage.add", { fields: { entityTypeId: 2, entityId: 9999, title: "x", text: "y", iconCode: "info" } });
    expect(noOwner).toEqual({ status: 400, body: { error: "OWNER_NOT_FOUND", error_description: "Owner was not found" } });
    const noText = await rest(portal, "crm.timeline.logmessage.add", { fields: { entityTypeId: 2, entityId: deal.id, title: "x", iconCode: "info" } });
    expect(noText.body).toEqual({ error: 0, error_description: "Missing a required field: text" });
  });
});

// ---------- receipts ----------

describe("printing the receipt of a paid payment", () => {
  it("prints a single-payment order automatically; the PRINT_URL check equals the payment and names no deal", async () => {
    const { portal, b24 } = await setup();
    const app = await withCashbox(b24);
    const deal = threeProductDeal(portal);
    const payment = portal.addPayment(deal.id);
    const { check, printSkipped } = await portal.payPayment(payment.id, { print: true });
    expect(printSkipped).toBeUndefined();
    expect(check).toMatchObject({ TYPE: "sell", STATUS: "P", PAYMENT_ID: payment.id, ORDER_ID: payment.orderId, SUM: 4590, EXTERNAL_UUID: "uuid-1" });

    expect(app.prints).toHaveLength(1);
    const f = form(app.prints[0]!.body);
    expect(f.total_sum).toBe("4590");
    expect(f.payments).toEqual([{ type: "cashless", is_cash: "N", sum: "4590" }]);
    const itemsSum = f.items.reduce((s: number, it: any) => s + Number(it.sum), 0);
    expect(itemsSum).toBe(payment.sum);
    expect(f.items.map((it: any) => [it.name, it.quantity, it.vat])).toEqual([
      ["Чайник", "2", "4"],
      ["Кружка", "1", "3"],
      ["Ложка", "3", "0"],
      ["Доставка", "1", "0"],
    ]);
    expect([f.client_email, f.client_phone]).toEqual(["anna@example.test", "+79990001122"]);
    // No order / payment / deal identifier on the wire (protocol §0.6).
    const keys = JSON.stringify(Object.keys(f));
    expect(keys).not.toMatch(/payment_id|order|deal/i);
    expect(app.prints[0]!.body).not.toContain(`deal`);
  });

  it("makes no automatic receipt once the order has two payments; an explicit type still prints it", async () => {
    const { portal, b24 } = await setup();
    const app = await withCashbox(b24);
    const deal = threeProductDeal(portal);
    const first = portal.addPayment(deal.id, { products: [{ rowId: deal.rows[0]!.id, quantity: 2 }], paySystem: "cash" });
    const second = portal.addPayment(deal.id, { products: [{ rowId: deal.rows[1]!.id, quantity: 1 }, { rowId: deal.rows[2]!.id, quantity: 3 }], delivery: true });

    // Both payments exist, so even this one gets no automatic receipt (isAutomaticEnabled: count() > 1).
    const auto = await portal.payPayment(second.id, { print: true });
    expect(auto.check).toBeUndefined();
    expect(auto.printSkipped).toMatch(/2 payments/);
    expect(app.prints).toHaveLength(0);

    const forced = await portal.payPayment(first.id, { print: "sell" });
    expect(forced.printError).toBeUndefined();
    expect(forced.check).toMatchObject({ TYPE: "sell", PAYMENT_ID: first.id, ORDER_ID: first.orderId, SUM: 3000 });
    expect(app.prints).toHaveLength(1);
    const f = form(app.prints[0]!.body);
    expect(f.payments).toEqual([{ type: "cash", is_cash: "Y", sum: "3000" }]);
    // Only this payment's payable items: the kettles, no delivery (that belongs to the other payment).
    expect(f.items.map((it: any) => [it.name, it.quantity, it.sum])).toEqual([["Чайник", "2", "3000"]]);
    expect(f.total_sum).toBe("3000");
  });
});
