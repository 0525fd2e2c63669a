/**
 * The portal emulator's cash-register check lifecycle (docs/bitrix24-protocol.md §0, §3, §7): PRINT_URL posts in
 * PHP http_build_query form, Bitrix's rules on the answer, sale.cashbox.check.apply (direct, batch, the UUID race)
 * and the CHECK_URL agent. A tiny local HTTP server stands in for the app and answers as each test scripts it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AjaxError, type B24OAuth } from "@bitrix24/b24jssdk";
import qs from "qs";
import { afterEach, describe, expect, it } from "vitest";
import { callResult, emulatorSdk } from "../helpers/emulator-sdk";
import {
  CHECK_TYPES,
  CheckValidationError,
  NoCashboxError,
  startPortalEmulator,
  type CheckType,
  type EmulatedPortal,
  type PortalEmulator,
} from "../fakes/bitrix-portal/emulator";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------- the stand-in app ----------

interface AppRequest {
  method: string;
  url: string;
  path: string;
  httpVersion: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: unknown;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

type Route = (req: AppRequest) => Reply | Promise<Reply>;

interface FakeApp {
  url: string;
  requests: AppRequest[];
  routes: Record<string, Route>;
  close(): Promise<void>;
}

async function startFakeApp(): Promise<FakeApp> {
  const app: Partial<FakeApp> = { requests: [], routes: {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "/";
      const entry: AppRequest = {
        method: req.method ?? "",
        url,
        path: url.split("?")[0]!,
        httpVersion: req.httpVersion,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      app.requests!.push(entry);
      const route = app.routes![entry.path] ?? (() => ({ status: 404, body: "not found" }));
      Promise.resolve(route(entry)).then((reply) => {
        if (reply.hang) return;
        const text = typeof reply.body === "string" ? reply.body : reply.body === undefined ? "" : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, {
          "Content-Type": typeof reply.body === "string" ? "text/plain; charset=utf-8" : "application/json",
          "Content-Length": Buffer.byteLength(text),
          ...reply.headers,
        });
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return app as FakeApp;
}

// ---------- portal + app per test ----------

interface Ctx {
  emu: PortalEmulator;
  portal: EmulatedPortal;
  app: FakeApp;
  b24: B24OAuth;
  cashboxId: number;
  handlerId: number;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function sdk(emu: PortalEmulator, p: EmulatedPortal, userId = 1): B24OAuth {
  return emulatorSdk(emu, p, userId).b24;
}

const call = callResult as <T = any>(b24: B24OAuth, method: string, params?: Record<string, unknown>) => Promise<T>;

async function ajaxError(promise: Promise<unknown>): Promise<AjaxError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AjaxError) return e;
    throw e;
  }
  throw new Error("expected an AjaxError");
}

async function rest(p: EmulatedPortal, method: string, params: Record<string, unknown>, token: string) {
  const res = await fetch(`${p.origin}/rest/${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...params, auth: token }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function setup(opts: { httpVersion?: string | null } = {}): Promise<Ctx> {
  const emu = await startPortalEmulator();
  cleanups.push(() => emu.close());
  const app = await startFakeApp();
  cleanups.push(() => app.close());
  const portal = emu.portals[0]!;
  const b24 = sdk(emu, portal);
  const settings: Record<string, unknown> = {
    PRINT_URL: `${app.url}/print?p=k1`,
    CHECK_URL: `${app.url}/check?p=k1`,
    SUPPORTS_FFD105: "Y",
    CONFIG: { COMPANY: { LABEL: "Организация", ITEMS: { INN: { TYPE: "STRING", REQUIRED: "Y", LABEL: "ИНН" } } } },
  };
  if (opts.httpVersion !== null) settings.HTTP_VERSION = opts.httpVersion ?? "1.1";
  const handlerId = await call<number>(b24, "sale.cashbox.handler.add", { CODE: "kkt", NAME: "Облачная касса", SETTINGS: settings });
  const cashboxId = await call<number>(b24, "sale.cashbox.add", {
    NAME: "Касса 1",
    REST_CODE: "kkt",
    EMAIL: "ops@example.test",
    NUMBER_KKM: "KKM-1",
    ACTIVE: "Y",
    SETTINGS: { COMPANY: { INN: "7707083893", NAME: "ООО «Ромашка» (тест)" } },
  });
  app.routes["/print"] = () => ({ body: { UUID: `uuid-${app.requests.length}` } });
  app.routes["/check"] = () => ({ body: { STATUS: "WAIT" } });
  return { emu, portal, app, b24, cashboxId, handlerId };
}

const form = (body: string) => qs.parse(body, { depth: 10, arrayLimit: 100 }) as any;
const printRequests = (app: FakeApp) => app.requests.filter((r) => r.path === "/print");
const checkRequests = (app: FakeApp) => app.requests.filter((r) => r.path === "/check");

const FISCAL = {
  PRINT_END_TIME: "1609459200",
  REG_NUMBER_KKT: "0000000001002292",
  FISCAL_DOC_ATTR: "3324815401",
  FISCAL_DOC_NUMBER: "172",
  FISCAL_RECEIPT_NUMBER: "12",
  FN_NUMBER: "9999078900004792",
  SHIFT_NUMBER: "23",
};

// ---------- PRINT_URL ----------

describe("printCheck → PRINT_URL", () => {
  it("POSTs the check as a PHP http_build_query form that parses back to the documented shape", async () => {
    const { portal, app } = await setup();
    const check = await portal.printCheck({
      items: [
        { name: 'Чай "Улун" (100 г)', price: 450.5, basePrice: 500, quantity: 2, properties: { ARTNUMBER: "T-1" } },
        { name: "Сервис ~ настройка", price: 99.5, paymentObject: "service" },
      ],
      delivery: { price: 300 },
      payments: [
        { type: "cash", sum: 300.5 },
        { type: "cashless", sum: 1000 },
      ],
      clientEmail: "buyer@example.test",
      clientPhone: "+79990001122",
      paymentId: 77,
    });

    const [req] = printRequests(app);
    expect(req).toMatchObject({ method: "POST", url: "/print?p=k1", httpVersion: "1.1" });
    expect(req!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req!.headers).toMatchObject({ connection: "close", accept: "*/*", "accept-language": "en" });
    expect(req!.headers).not.toHaveProperty("user-agent");
    expect(Number(req!.headers["content-length"])).toBe(Buffer.byteLength(req!.body));
    expect(check.print!.response.http.hops[0]!.requestHead).toMatch(
      new RegExp(`^POST /print\\?p=k1 HTTP/1\\.1\\r\\nHost: 127\\.0\\.0\\.1:${new URL(app.url).port}\\r\\nConnection: close\\r\\n`),
    );

    // urlencode(): brackets escaped, space as '+', ( ) ~ " | escaped, UTF-8 bytes.
    expect(req!.body).toContain("items%5B0%5D%5Bname%5D=%D0%A7%D0%B0%D0%B9+%22%D0%A3%D0%BB%D1%83%D0%BD%22+%28100+%D0%B3%29&");
    expect(req!.body).toContain("items%5B1%5D%5Bname%5D=%D0%A1%D0%B5%D1%80%D0%B2%D0%B8%D1%81+%7E+");
    expect(req!.body).toContain(`uuid=check%7C127.0.0.1%3A${new URL(portal.origin).port}%7C${check.ID}&`);
    expect(req!.body).not.toMatch(/[[\] ]/);

    const f = form(req!.body);
    expect(Object.keys(f)).toEqual([
      "type", "calculated_sign", "unique_id", "items", "date_create", "payments", "client_email", "client_phone",
      "total_sum", "uuid", "operation", "number_kkm", "service_email", "cashbox_params",
    ]);
    expect(Math.abs(Number(f.date_create) - Date.now() / 1000)).toBeLessThan(10);
    expect({ ...f, date_create: "-" }).toEqual({
      type: "sell",
      calculated_sign: "income",
      unique_id: String(check.ID),
      items: [
        {
          name: 'Чай "Улун" (100 г)', base_price: "500", price: "450.5", sum: "901", quantity: "2", measure_code: "796",
          vat: "4", vat_sum: "0", payment_object: "commodity", properties: { ARTNUMBER: "T-1" },
          discount: { discount: "49.5", discount_type: "C" }, payment_method: "full_payment",
        },
        {
          name: "Сервис ~ настройка", base_price: "99.5", price: "99.5", sum: "99.5", quantity: "1", measure_code: "796",
          vat: "4", vat_sum: "0", payment_object: "service", payment_method: "full_payment",
        },
        { name: "Доставка", base_price: "300", price: "300", sum: "300", quantity: "1", vat: "0", payment_object: "service", payment_method: "full_payment" },
      ],
      date_create: "-",
      payments: [
        { type: "cash", is_cash: "Y", sum: "300.5" },
        { type: "cashless", is_cash: "N", sum: "1000" },
      ],
      client_email: "buyer@example.test",
      client_phone: "+79990001122",
      total_sum: "1300.5",
      uuid: `check|${portal.domain}|${check.ID}`,
      operation: "income",
      number_kkm: "KKM-1",
      service_email: "ops@example.test",
      cashbox_params: { COMPANY: { INN: "7707083893", NAME: "ООО «Ромашка» (тест)" } },
    });

    expect(check).toMatchObject({ TYPE: "sell", STATUS: "P", EXTERNAL_UUID: "uuid-1", PAYMENT_ID: 77, SUM: 1300.5, CASHBOX_ID: expect.any(Number) });
    expect(portal.checks.get(check.ID)).toBe(check);
  });

  it("builds all 17 check types with the type's sign, payment_method, payments and lines", async () => {
    const { portal, app } = await setup();
    const expected: Record<CheckType, { op: string; pm?: string; pay: [string, string?]; lines: Array<[string, string?]> }> = {
      sell: { op: "income", pm: "full_payment", pay: ["cashless", "N"], lines: [["Товар 1", "commodity"], ["B", "commodity"], ["Доставка", "service"]] },
      sellreturn: { op: "consumption", pm: "full_payment", pay: ["cashless", "N"], lines: [["Товар 1", "commodity"], ["B", "commodity"], ["Доставка", "service"]] },
      sellreturncash: { op: "consumption", pm: "full_payment", pay: ["cashless", "Y"], lines: [["Товар 1", "commodity"], ["B", "commodity"], ["Доставка", "service"]] },
      advancepayment: { op: "income", pm: "advance", pay: ["cashless", "N"], lines: [["Внесение аванса"]] },
      advancereturn: { op: "consumption", pm: "advance", pay: ["cashless", "N"], lines: [["Внесение аванса"]] },
      advancereturncash: { op: "consumption", pm: "advance", pay: ["cash", "Y"], lines: [["Внесение аванса"]] },
      prepayment: { op: "income", pm: "prepayment", pay: ["cashless", "N"], lines: [["Товар 1", "payment"], ["B", "payment"], ["Доставка", "payment"]] },
      prepaymentreturn: { op: "consumption", pm: "prepayment", pay: ["cashless", "N"], lines: [["Товар 1", "payment"], ["B", "payment"], ["Доставка", "payment"]] },
      prepaymentreturncash: { op: "consumption", pm: "prepayment", pay: ["cash", "Y"], lines: [["Товар 1", "payment"], ["B", "payment"], ["Доставка", "payment"]] },
      fullprepayment: { op: "income", pm: "full_prepayment", pay: ["cashless", "N"], lines: [["Товар 1", "payment"], ["B", "payment"], ["Доставка", "payment"]] },
      fullprepaymentreturn: { op: "consumption", pm: "full_prepayment", pay: ["cashless", "N"], lines: [["Товар 1", "payment"], ["B", "payment"], ["Доставка", "payment"]] },
      fullprepaymentreturncash: { op: "consumption", pm: "full_prepayment", pay: ["cash", "Y"], lines: [["Товар 1", "payment"], ["B", "payment"], ["Доставка", "payment"]] },
      credit: { op: "income", pm: "credit", pay: ["credit"], lines: [["Товар 1", "commodity"], ["B", "commodity"], ["Доставка", "service"]] },
      creditreturn: { op: "consumption", pm: "credit", pay: ["credit"], lines: [["Товар 1", "commodity"], ["B", "commodity"], ["Доставка", "service"]] },
      creditpayment: { op: "income", pm: "credit_payment", pay: ["cashless", "N"], lines: [["Товар 1", "commodity"], ["B", "commodity"], ["Доставка", "service"]] },
      creditpaymentreturn: { op: "consumption", pay: ["cashless", "N"], lines: [["Возврат оплаты кредита", "payment"]] },
      creditpaymentreturncash: { op: "consumption", pay: ["cash", "Y"], lines: [["Возврат оплаты кредита", "payment"]] },
    };
    expect(CHECK_TYPES).toHaveLength(17);
    for (const type of CHECK_TYPES) {
      const check = await portal.printCheck(
        portal.payment({ type, items: [{ price: 600, quantity: 2 }, { name: "B", price: 300 }], delivery: { price: 100 } }),
      );
      const f = form(printRequests(app).at(-1)!.body);
      const want = expected[type];
      expect([type, f.type, f.calculated_sign, f.operation, f.total_sum]).toEqual([type, type, want.op, want.op, "1600"]);
      expect([type, f.payments]).toEqual([type, [{ type: want.pay[0], ...(want.pay[1] ? { is_cash: want.pay[1] } : {}), sum: "1600" }]]);
      expect([type, f.items.map((i: any) => [i.name, i.payment_object].filter((x) => x !== undefined))]).toEqual([type, want.lines]);
      for (const item of f.items) expect([type, item.payment_method]).toEqual([type, want.pm]);
      const lineSum = f.items.reduce((s: number, i: any) => s + Number(i.sum), 0);
      expect([type, lineSum]).toEqual([type, 1600]);
      expect(check.STATUS).toBe("P");
      // credit/creditreturn print from a shipment: no payment entity, SUM 0 (doc_sum will be 0).
      expect([type, check.SUM]).toEqual([type, type === "credit" || type === "creditreturn" ? 0 : 1600]);
    }
    // Synthetic advance line: no measure_code / payment_object, vat 0.
    const advance = form(printRequests(app)[3]!.body).items[0];
    expect(advance).toEqual({ name: "Внесение аванса", base_price: "1600", price: "1600", sum: "1600", quantity: "1", vat: "0", vat_sum: "0", payment_method: "advance" });
  });

  it("re-prices prepayment lines to the paid share of the order and falls back to email_from without buyer contacts", async () => {
    const { portal, app } = await setup();
    await portal.printCheck({
      type: "prepayment",
      items: [{ name: "A", price: 1000, quantity: 3 }, { name: "B", price: 500 }],
      orderTotal: 3500,
      payments: [{ sum: 1000 }],
      clientEmail: null,
    });
    const f = form(printRequests(app)[0]!.body);
    expect(f.items.map((i: any) => [i.name, i.price, i.sum, i.quantity])).toEqual([
      ["A", "285.71", "857.14", "3"],
      ["B", "142.86", "142.86", "1"],
    ]);
    expect(f.total_sum).toBe("1000");
    expect(f.client_email).toBe(portal.emailFrom);
    expect(f).not.toHaveProperty("client_phone");
  });

  it("speaks HTTP/1.0 when the handler has no HTTP_VERSION", async () => {
    const { portal, app } = await setup({ httpVersion: null });
    const check = await portal.printCheck();
    expect(printRequests(app)[0]!.httpVersion).toBe("1.0");
    expect(check.print!.response.http.hops[0]!.requestHead.split("\r\n")[0]).toBe("POST /print?p=k1 HTTP/1.0");
  });

  it("stores the answered UUID (keys upper-cased) and keeps the check in P", async () => {
    const { portal, app } = await setup();
    app.routes["/print"] = () => ({ body: { uuid: "lower-case-key" } });
    const check = await portal.printCheck();
    expect(check).toMatchObject({ STATUS: "P", EXTERNAL_UUID: "lower-case-key", ERROR_MESSAGE: null, DATE_PRINT_END: null });
    expect(check.DATE_PRINT_START).toEqual(expect.any(Number));
    expect(check.print!.response.data).toEqual({ UUID: "lower-case-key" });
    expect(portal.checkByExternalUuid("lower-case-key")).toBe(check);
  });

  it("turns {ERRORS:[…]} into E with the messages joined", async () => {
    const { portal, app } = await setup();
    app.routes["/print"] = () => ({ body: { ERRORS: ["ИНН не заполнен", "Касса выключена"] } });
    const check = await portal.printCheck();
    expect(check).toMatchObject({ STATUS: "E", EXTERNAL_UUID: null, ERROR_MESSAGE: "ИНН не заполнен\nКасса выключена", CNT_FAIL_PRINT: 1 });
    expect(check.DATE_PRINT_END).toEqual(expect.any(Number));
  });

  it("leaves the check stuck in P without a UUID on non-200, a 200 without UUID, or {}", async () => {
    const { portal, app } = await setup();
    const replies: Reply[] = [
      { status: 500, body: { UUID: "ignored-because-500" } },
      { status: 201, body: { UUID: "ignored-because-201" } },
      { body: { id: "no-uuid-key" } },
      { body: {} },
    ];
    for (const reply of replies) {
      app.routes["/print"] = () => reply;
      const check = await portal.printCheck();
      expect([reply, check.STATUS, check.EXTERNAL_UUID, check.ERROR_MESSAGE]).toEqual([reply, "P", null, null]);
    }
  });

  it("turns invalid JSON, a refused connection and a read timeout into E", async () => {
    const { portal, app, b24, handlerId } = await setup();
    app.routes["/print"] = () => ({ body: "OK" });
    expect(await portal.printCheck()).toMatchObject({ STATUS: "E", ERROR_MESSAGE: "Response decoding error" });
    app.routes["/print"] = () => ({ body: "" });
    expect(await portal.printCheck()).toMatchObject({ STATUS: "E", ERROR_MESSAGE: "Response decoding error" });

    app.routes["/print"] = () => ({ hang: true });
    const slow = await portal.printCheck({}, { streamTimeoutMs: 200 });
    expect(slow).toMatchObject({ STATUS: "E", ERROR_MESSAGE: "Stream reading timeout of 0.2 second(s) has been reached." });

    const closed = await startFakeApp();
    const deadUrl = `${closed.url}/print`;
    await closed.close();
    await call(b24, "sale.cashbox.handler.update", { ID: handlerId, FIELDS: { SETTINGS: { PRINT_URL: deadUrl } } });
    expect(await portal.printCheck()).toMatchObject({ STATUS: "E", EXTERNAL_UUID: null, ERROR_MESSAGE: "[111] Connection refused" });
  });

  it("follows redirects like PHP HttpClient: 302 turns the POST into a GET (body still sent), 308 keeps POST, relative Location fails", async () => {
    const { portal, app } = await setup();
    app.routes["/print"] = () => ({ status: 302, headers: { Location: `${app.url}/moved?p=k1` } });
    app.routes["/moved"] = (req) => ({ body: { UUID: `via-${req.method}` } });
    const check = await portal.printCheck();
    const moved = app.requests.find((r) => r.path === "/moved")!;
    expect(moved.method).toBe("GET");
    expect(moved.headers).not.toHaveProperty("content-type");
    expect(moved.body).toBe(printRequests(app)[0]!.body);
    expect(check.print!.response.http.hops.map((h) => [h.method, h.status])).toEqual([["POST", 302], ["GET", 200]]);
    expect(check.print!.response.http.hops[1]!.requestHead).toMatch(/^GET \/moved\?p=k1 HTTP\/1\.1\r\nConnection: close\r\nAccept: \*\/\*\r\nAccept-Language: en\r\nHost: /);
    expect(check.EXTERNAL_UUID).toBe("via-GET");

    app.routes["/print"] = () => ({ status: 308, headers: { Location: `${app.url}/moved` } });
    expect((await portal.printCheck()).EXTERNAL_UUID).toBe("via-POST");

    app.routes["/print"] = () => ({ status: 308, headers: { Location: "/print/" } });
    expect(await portal.printCheck()).toMatchObject({ STATUS: "E", ERROR_MESSAGE: "Incorrect URI: /print/" });
  });

  it("creates no check on a validation failure or without an active cashbox; a cashbox that lost REST_CODE leaves it stuck in P unsent", async () => {
    const { portal, app, b24, cashboxId } = await setup();
    await expect(portal.printCheck({ items: [{ price: 100 }], payments: [{ sum: 99 }] })).rejects.toBeInstanceOf(CheckValidationError);
    await expect(portal.printCheck({ items: [{ name: "Шины", price: 100, markingCode: "" }] })).rejects.toThrow("Для товара Шины не указана маркировка");
    expect(portal.checks.size).toBe(0);
    expect(app.requests).toHaveLength(0);

    await call(b24, "sale.cashbox.update", { ID: cashboxId, FIELDS: { SETTINGS: { COMPANY: { INN: "7707083893" } } } });
    const lost = await portal.printCheck();
    expect(lost).toMatchObject({ STATUS: "P", EXTERNAL_UUID: null, print: null, fatal: expect.stringContaining("TypeError") });
    expect(app.requests).toHaveLength(0);

    await call(b24, "sale.cashbox.update", { ID: cashboxId, FIELDS: { ACTIVE: "N" } });
    await expect(portal.printCheck()).rejects.toBeInstanceOf(NoCashboxError);
    expect(portal.checks.size).toBe(1);
  });

  it("sends marked goods with marking_code and the binary tag-1162 nomenclature_code", async () => {
    const { portal, app } = await setup();
    const code = "010460406000600021N4N57RSCBUZTQ";
    await portal.printCheck({ items: [{ name: "Обувь", price: 5000, markingCode: code, paymentObject: "commodity_marking" }] });
    const raw = printRequests(app)[0]!.body;
    // "444D" + GTIN 04604060006000 as 6 big-endian bytes + the 13-char serial, urlencoded byte by byte.
    const gtin = BigInt("04604060006000");
    const bytes = [0x44, 0x4d, ...Array.from({ length: 6 }, (_, i) => Number((gtin >> BigInt(8 * (5 - i))) & 0xffn)), ...Buffer.from("N4N57RSCBUZTQ")];
    const encoded = bytes
      .map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`))
      .join("");
    expect(encoded.startsWith("DM%04%2F%F7%5CvpN4N57")).toBe(true);
    expect(raw).toContain(`items%5B0%5D%5Bnomenclature_code%5D=${encoded}&`);
    expect(form(raw).items[0]).toMatchObject({ marking_code: code, payment_object: "commodity_marking" });
  });
});

// ---------- sale.cashbox.check.apply ----------

describe("sale.cashbox.check.apply", () => {
  it("prints once via the SDK; a second apply (any fields, even ERROR) answers true and changes nothing", async () => {
    const { portal, app, b24 } = await setup();
    app.routes["/print"] = () => ({ body: { UUID: "u-apply" } });
    const check = await portal.printCheck();
    const lower = Object.fromEntries(Object.entries(FISCAL).map(([k, v]) => [k.toLowerCase(), v]));
    expect(await call(b24, "sale.cashbox.check.apply", { uuid: "u-apply", ...lower })).toBe(true);
    const expectedLink = {
      reg_number_kkt: "0000000001002292",
      fiscal_doc_attribute: "3324815401",
      fiscal_doc_number: "172",
      fiscal_receipt_number: "12",
      fn_number: "9999078900004792",
      shift_number: "23",
      doc_sum: 1000,
      doc_time: 1609459200,
      calculation_attribute: "income",
    };
    expect(check).toMatchObject({ STATUS: "Y", printCount: 1, LINK_PARAMS: expectedLink });
    const printedAt = check.DATE_PRINT_END;
    expect(printedAt).toEqual(expect.any(Number));

    expect(await call(b24, "sale.cashbox.check.apply", { UUID: "u-apply", ...FISCAL, FISCAL_DOC_NUMBER: "999", PRINT_END_TIME: "1700000000" })).toBe(true);
    expect(await call(b24, "sale.cashbox.check.apply", { UUID: "u-apply", STATUS: "ERROR", ERROR: "late failure" })).toBe(true);
    expect(check).toMatchObject({ STATUS: "Y", printCount: 1, LINK_PARAMS: expectedLink, DATE_PRINT_END: printedAt, ERROR_MESSAGE: null });
    expect(check.history.map((h) => [h.source, h.to, h.changed])).toEqual([
      ["print", "P", true],
      ["apply", "Y", true],
      ["apply", "Y", false],
      ["apply", "Y", false],
    ]);
  });

  it("refuses unknown and missing UUIDs and non-admins; STATUS ERROR sets E and fails with ERROR_CHECK_APPLY", async () => {
    const { emu, portal, app, b24 } = await setup();
    app.routes["/print"] = () => ({ body: { UUID: "u-err" } });
    const check = await portal.printCheck();

    const unknown = await ajaxError(call(b24, "sale.cashbox.check.apply", { UUID: "nope", ...FISCAL }));
    expect([unknown.code, unknown.status, unknown.message]).toEqual(["ERROR_CHECK_NOT_FOUND", 400, "Check not found"]);
    const missing = await ajaxError(call(b24, "sale.cashbox.check.apply", { ...FISCAL }));
    expect([missing.code, missing.status]).toEqual(["ERROR_CHECK_FAILURE", 400]);
    const manager = await ajaxError(call(sdk(emu, portal, 2), "sale.cashbox.check.apply", { UUID: "u-err", ...FISCAL }));
    expect([manager.code, manager.status]).toEqual(["ACCESS_DENIED", 403]);
    expect(check.STATUS).toBe("P");

    const failed = await ajaxError(call(b24, "sale.cashbox.check.apply", { UUID: "u-err", STATUS: "ERROR", ERROR: "ФН заполнен" }));
    expect([failed.code, failed.status]).toEqual(["ERROR_CHECK_APPLY", 400]);
    expect(failed.message).toContain(`Ошибка при печати чека #${check.ID}: ФН заполнен`);
    expect(check).toMatchObject({ STATUS: "E", ERROR_MESSAGE: "ФН заполнен", printCount: 0 });

    // E is not final: a later printed result still lands.
    expect(await call(b24, "sale.cashbox.check.apply", { UUID: "u-err", ...FISCAL })).toBe(true);
    expect(check).toMatchObject({ STATUS: "Y", printCount: 1 });
  });

  it("works inside batch (one request against the leaky bucket) and prints once", async () => {
    const { portal, app, b24 } = await setup();
    app.routes["/print"] = () => ({ body: { UUID: "u-batch" } });
    const check = await portal.printCheck();
    const r = await b24.actions.v2.batch.make({
      calls: {
        first: { method: "sale.cashbox.check.apply", params: { UUID: "u-batch", ...FISCAL } },
        again: { method: "sale.cashbox.check.apply", params: { UUID: "u-batch", ...FISCAL, SHIFT_NUMBER: "99" } },
      },
      options: { isHaltOnError: true },
    });
    expect(r.getData()).toEqual({ first: true, again: true });
    expect(check).toMatchObject({ STATUS: "Y", printCount: 1, LINK_PARAMS: { shift_number: "23" } });

    const t = portal.issueTokens(1);
    const raw = await rest(portal, "batch", { halt: 0, cmd: { a: "sale.cashbox.check.apply?UUID=u-batch", b: "sale.cashbox.check.apply?UUID=missing" } }, t.accessToken);
    expect(raw.body.result.result).toEqual({ a: true });
    expect(raw.body.result.result_error.b).toEqual({ error: "ERROR_CHECK_NOT_FOUND", error_description: "Check not found" });

    portal.setRateLimit({ burst: 1, drainPerSec: 0.001 });
    const both = await rest(portal, "batch", { cmd: { a: `sale.cashbox.check.apply?UUID=u-batch`, b: `sale.cashbox.check.apply?UUID=u-batch` } }, t.accessToken);
    expect([both.status, both.body.result.result]).toEqual([200, { a: true, b: true }]);
    const limited = await rest(portal, "sale.cashbox.check.apply", { UUID: "u-batch" }, t.accessToken);
    expect([limited.status, limited.body.error]).toEqual([503, "QUERY_LIMIT_EXCEEDED"]);
    portal.setRateLimit(null);
    expect(check.printCount).toBe(1);
  });

  it("answers ERROR_CHECK_NOT_FOUND until Bitrix has stored the UUID from the PRINT_URL answer (the race)", async () => {
    const { portal, app, b24 } = await setup();
    let inHandler: AjaxError | undefined;
    let answered!: () => void;
    const answeredP = new Promise<void>((r) => (answered = r));
    app.routes["/print"] = async () => {
      // An app that pushes the result before answering PRINT_URL.
      inHandler = await ajaxError(call(b24, "sale.cashbox.check.apply", { UUID: "u-race", ...FISCAL }));
      setImmediate(answered);
      return { body: { UUID: "u-race" } };
    };
    const printing = portal.printCheck({}, { uuidStoreDelayMs: 500 });
    await answeredP;
    await sleep(20);
    expect(inHandler?.code).toBe("ERROR_CHECK_NOT_FOUND");
    // Answered, but Bitrix has not written EXTERNAL_UUID yet.
    const early = await ajaxError(call(b24, "sale.cashbox.check.apply", { UUID: "u-race", ...FISCAL }));
    expect(early.code).toBe("ERROR_CHECK_NOT_FOUND");
    const check = await printing;
    expect(check).toMatchObject({ STATUS: "P", EXTERNAL_UUID: "u-race" });
    expect(await call(b24, "sale.cashbox.check.apply", { UUID: "u-race", ...FISCAL })).toBe(true);
    expect(check).toMatchObject({ STATUS: "Y", printCount: 1 });
  });
});

// ---------- the CHECK_URL agent ----------

describe("CHECK_URL agent", () => {
  function byUuid(app: FakeApp, replies: Record<string, Reply>) {
    app.routes["/check"] = (req) => replies[String(form(req.body).uuid)] ?? { status: 404, body: "unknown" };
  }

  it("polls at most 5 'P' checks per run, oldest first, posting lower-case uuid= as a form", async () => {
    const { portal, app } = await setup();
    const checks = [];
    for (let i = 1; i <= 7; i++) {
      app.routes["/print"] = () => ({ body: { UUID: `a${i}` } });
      checks.push(await portal.printCheck());
    }
    app.routes["/check"] = () => ({ body: { STATUS: "DONE", ...FISCAL } });

    const first = await portal.runCheckAgent();
    expect(first.polls.map((p) => [p.checkId, p.outcome])).toEqual(checks.slice(0, 5).map((c) => [c.ID, "printed"]));
    expect(checks.map((c) => c.STATUS)).toEqual(["Y", "Y", "Y", "Y", "Y", "P", "P"]);
    const polled = checkRequests(app);
    expect(polled.map((r) => r.body)).toEqual(["uuid=a1", "uuid=a2", "uuid=a3", "uuid=a4", "uuid=a5"]);
    expect(polled[0]).toMatchObject({ method: "POST", url: "/check?p=k1", httpVersion: "1.1" });
    expect(polled[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");

    expect((await portal.runCheckAgent()).polls.map((p) => p.checkId)).toEqual([checks[5]!.ID, checks[6]!.ID]);
    expect((await portal.runCheckAgent()).polls).toEqual([]);
    expect(checks.every((c) => c.printCount === 1 && c.LINK_PARAMS?.fiscal_doc_number === "172")).toBe(true);
  });

  it("applies extractCheckData: WAIT stays P, ERROR ⇒ E, anything else (garbage, non-200, lower-case 'wait', empty body) ⇒ printed", async () => {
    const { portal, app } = await setup();
    const make = async (uuid: string) => {
      app.routes["/print"] = () => ({ body: { UUID: uuid } });
      return portal.printCheck();
    };
    const [wait, error, done, garbage, http500] = [await make("w"), await make("e"), await make("d"), await make("g"), await make("s")];
    byUuid(app, {
      w: { body: { STATUS: "WAIT" } },
      e: { body: { STATUS: "ERROR", ERROR: "Неверный ИНН" } },
      d: { body: { status: "DONE", ...FISCAL } },
      g: { body: "<html>Bad Gateway</html>" },
      s: { status: 500, body: { STATUS: "WAIT" } },
    });
    const run = await portal.runCheckAgent();
    expect(run.polls.map((p) => p.outcome)).toEqual(["wait", "error", "printed", "printed", "printed"]);
    expect(wait).toMatchObject({ STATUS: "P", LINK_PARAMS: null });
    expect(error).toMatchObject({ STATUS: "E", ERROR_MESSAGE: "Неверный ИНН", LINK_PARAMS: null });
    expect(done).toMatchObject({ STATUS: "Y", LINK_PARAMS: { fiscal_doc_number: "172", doc_time: 1609459200, doc_sum: 1000 } });
    const empty = {
      reg_number_kkt: null, fiscal_doc_attribute: null, fiscal_doc_number: null, fiscal_receipt_number: null,
      fn_number: null, shift_number: null, doc_sum: 1000, doc_time: 0, calculation_attribute: "income",
    };
    // The false "printed": no fiscal data at all, yet STATUS Y.
    expect(garbage).toMatchObject({ STATUS: "Y", LINK_PARAMS: empty });
    expect(http500).toMatchObject({ STATUS: "Y", LINK_PARAMS: empty });

    const [lower, blank] = [await make("l"), await make("x")];
    byUuid(app, { w: { body: { STATUS: "WAIT" } }, l: { body: { STATUS: "wait" } }, x: { body: "" } });
    const second = await portal.runCheckAgent();
    expect(second.polls.map((p) => [p.checkId, p.outcome])).toEqual([[wait.ID, "wait"], [lower.ID, "printed"], [blank.ID, "printed"]]);
    expect([lower.STATUS, blank.STATUS, wait.STATUS]).toEqual(["Y", "Y", "P"]);

    // Transport failure ⇒ printed too.
    await app.close();
    const dead = await portal.runCheckAgent();
    expect(dead.polls.map((p) => p.outcome)).toEqual(["printed"]);
    expect(wait).toMatchObject({ STATUS: "Y", LINK_PARAMS: empty });
  });

  it("keeps polling checks stuck without a UUID, so five of them starve every later check", async () => {
    const { portal, app, b24 } = await setup();
    app.routes["/print"] = () => ({ status: 502, body: "Bad Gateway" });
    const stuck = [];
    for (let i = 0; i < 5; i++) stuck.push(await portal.printCheck());
    app.routes["/print"] = () => ({ body: { UUID: "good" } });
    const good = await portal.printCheck();
    app.routes["/check"] = () => ({ body: { STATUS: "DONE", ...FISCAL } });

    for (let run = 0; run < 2; run++) {
      const r = await portal.runCheckAgent();
      expect(r.polls.map((p) => [p.checkId, p.uuid, p.outcome])).toEqual(stuck.map((c) => [c.ID, null, "unchanged"]));
    }
    expect(checkRequests(app).map((r) => [r.body, r.headers["content-length"]])).toEqual(Array(10).fill(["", "0"]));
    expect(good.STATUS).toBe("P");
    expect(stuck.every((c) => c.STATUS === "P")).toBe(true);
    // Only a push gets it out.
    expect(await call(b24, "sale.cashbox.check.apply", { UUID: "good", ...FISCAL })).toBe(true);
    expect(good.STATUS).toBe("Y");
  });

  it("runs on an interval with startCheckAgent until stopped", async () => {
    const { portal, app } = await setup();
    app.routes["/print"] = () => ({ body: { UUID: "tick" } });
    const check = await portal.printCheck();
    app.routes["/check"] = () => ({ body: { STATUS: "DONE", ...FISCAL } });
    portal.startCheckAgent(25);
    try {
      for (let i = 0; i < 80 && check.STATUS !== "Y"; i++) await sleep(25);
    } finally {
      portal.stopCheckAgent();
    }
    expect(check.STATUS).toBe("Y");
    expect(portal.checkAgentRuns.length).toBeGreaterThan(0);
    const runs = portal.checkAgentRuns.length;
    await sleep(100);
    expect(portal.checkAgentRuns.length).toBe(runs);
  });
});
