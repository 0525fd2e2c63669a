// A small web UI that plays the Bitrix24 portal of the demo: deals with «Оплатить» buttons and the app's deal tab,
// Sales Center → Кассы, and the app itself. Paying a payment makes the emulator do what Bitrix24 does: mark it paid,
// build the check and POST it to our PRINT_URL.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { EmulatedPortal } from "../../../tests/fakes/bitrix-portal/types";
import { appPage, cashboxesPage, dealListPage, dealPage, layout, vatPage } from "./pages";

export interface PortalUi {
  url: string;
  close(): Promise<void>;
}

export async function startPortalUi(portal: EmulatedPortal, appUrl: string, port = 0): Promise<PortalUi> {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, layout("Ошибка", "deals", `<h1>Ошибка</h1><pre>${String(err)}</pre>`)));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://portal.invalid").pathname;
    const pay = /^\/crm\/payment\/(\d+)\/pay$/.exec(path);
    if (req.method === "POST" && pay) {
      const payment = portal.crm.payments.get(Number(pay[1]));
      if (payment && payment.paid !== "Y") await portal.payPayment(payment.id, { print: true });
      return redirect(res, payment ? `/crm/deal/${payment.dealId}` : "/crm/deal/");
    }
    if (req.method === "POST" && path === "/shop/vat/") {
      addVat(portal, new URLSearchParams(await readBody(req)));
      return redirect(res, "/shop/vat/");
    }
    if (req.method !== "GET") return send(res, 405, "method not allowed");
    if (path === "/shop/vat/") return send(res, 200, vatPage(portal));
    if (path === "/") return redirect(res, "/crm/deal/");
    if (path === "/crm/deal/") return send(res, 200, dealListPage(portal));
    const deal = /^\/crm\/deal\/(\d+)\/?$/.exec(path);
    if (deal) {
      const d = portal.crm.deals.get(Number(deal[1]));
      return d ? send(res, 200, dealPage(portal, d, appUrl)) : send(res, 404, layout("Не найдено", "deals", "<h1>Сделка не найдена</h1>"));
    }
    if (path === "/shop/cashboxes/") return send(res, 200, cashboxesPage(portal));
    if (path === "/app/") return send(res, 200, appPage(portal, appUrl));
    return send(res, 404, layout("Не найдено", "deals", "<h1>Страница не найдена</h1>"));
  }

  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A new catalog VAT rate, as an admin adds it in the catalog settings. */
function addVat(portal: EmulatedPortal, form: URLSearchParams): void {
  const rate = Number(form.get("rate"));
  const name = (form.get("name") ?? "").trim().slice(0, 100);
  if (!name || !Number.isInteger(rate) || rate < 0 || rate > 99) return;
  const id = Math.max(0, ...portal.vats.map((v) => Number(v.id))) + 1;
  portal.vats.push({ id, name, rate, active: "Y", sort: id * 100, timestampX: new Date().toISOString() });
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").slice(0, 10_000);
}

function send(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(303, { location });
  res.end();
}
