// HTML of the emulated portal's pages. Each app frame is opened as Bitrix24 opens it: a form POST (AUTH_ID,
// member_id, PLACEMENT, PLACEMENT_OPTIONS…) into an iframe, generated fresh for every page view.
import type { EmulatedDeal, EmulatedPayment } from "../../../tests/fakes/bitrix-portal/emulator";
import type { EmulatedPortal, FrameRequest } from "../../../tests/fakes/bitrix-portal/types";
import { PORTAL_CSS } from "./style";

export function esc(s: unknown): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const rub = (n: number) => `${n.toLocaleString("ru-RU", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ₽`;

type Section = "deals" | "cashboxes" | "vat" | "app";

export function layout(title: string, section: Section, body: string): string {
  const link = (href: string, text: string, on: boolean) => `<a href="${href}"${on ? ' class="on"' : ""}>${esc(text)}</a>`;
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${esc(title)} — Битрикс24 (демо)</title><style>${PORTAL_CSS}</style></head>
<body><header class="top"><span class="logo">Битрикс<b>24</b></span><span>Демо-портал</span><span class="demo">эмулятор портала — данные ненастоящие</span></header>
<div class="wrap"><nav class="menu" aria-label="Меню портала"><h4>CRM</h4>${link("/crm/deal/", "Сделки", section === "deals")}
<h4>CRM → Платежи и доставка</h4>${link("/shop/cashboxes/", "Кассы", section === "cashboxes")}
<h4>Каталог</h4>${link("/shop/vat/", "Ставки НДС", section === "vat")}
<h4>Приложения</h4>${link("/app/", "Облачная касса", section === "app")}</nav>
<main>${body}</main></div></body></html>`;
}

/** An iframe named `app` and the auto-submitted form that opens the app in it. */
export function appFrame(appUrl: string, req: FrameRequest, height: number): string {
  const inputs = [...new URLSearchParams(req.body)].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("");
  return `<div class="frame"><iframe name="app" id="app" title="Облачная касса" style="height:${height}px"></iframe></div>
<form id="open-app" method="POST" target="app" action="${esc(`${appUrl}/api/bitrix/app?${req.query}`)}">${inputs}</form>
<script>document.getElementById("open-app").submit()</script>`;
}

export function dealListPage(portal: EmulatedPortal): string {
  const rows = [...portal.crm.deals.values()].map((d) => {
    const pays = paymentsOf(portal, d.id);
    return `<tr><td><a href="/crm/deal/${d.id}">${esc(d.title)}</a></td><td class="num">${rub(d.opportunity)}</td><td>${pays.filter((p) => p.paid === "Y").length} из ${pays.length}</td></tr>`;
  });
  return layout("Сделки", "deals", `<h1>Сделки</h1><p class="sub">Откройте сделку: вкладка «Облачная касса» показывает её чеки.</p>
<div class="card"><table><thead><tr><th>Сделка</th><th class="num">Сумма</th><th>Оплачено платежей</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`);
}

export function dealPage(portal: EmulatedPortal, deal: EmulatedDeal, appUrl: string): string {
  const contact = deal.contactId !== null ? portal.crm.contacts.get(deal.contactId) : undefined;
  const products = deal.rows.map((r) => `<tr><td>${esc(r.productName)}</td><td class="num">${rub(r.price)}</td><td class="num">${r.quantity}</td><td>${esc(r.taxName)}</td></tr>`).join("");
  const payments = paymentsOf(portal, deal.id)
    .map((p) => {
      const state = p.paid === "Y" ? `<span class="badge ok">Оплачен</span>` : `<form method="POST" action="/crm/payment/${p.id}/pay" style="margin:0"><button class="btn" type="submit">Оплатить</button></form>`;
      return `<tr><td>№ ${esc(p.accountNumber)}</td><td>${esc(p.paySystemName)}</td><td class="num">${rub(p.sum)}</td><td>${state}</td></tr>`;
    })
    .join("");
  const req = portal.frameRequest({ placement: "CRM_DEAL_DETAIL_TAB", placementOptions: { ID: String(deal.id) } });
  return layout(deal.title, "deals", `<h1>${esc(deal.title)}</h1><p class="sub">Сделка № ${deal.id} · ${rub(deal.opportunity)}${contact ? ` · ${esc(`${contact.name} ${contact.lastName}`.trim())}, ${esc(contact.email ?? contact.phone ?? "")}` : ""}</p>
<div class="card"><h2>Товары</h2><table><thead><tr><th>Товар</th><th class="num">Цена</th><th class="num">Кол-во</th><th>НДС</th></tr></thead><tbody>${products}</tbody></table></div>
<div class="card"><h2>Платежи</h2><table><thead><tr><th>Платёж</th><th>Способ</th><th class="num">Сумма</th><th></th></tr></thead><tbody>${payments}</tbody></table></div>
<div class="tabs" role="tablist"><span>Общие</span><span>Товары</span><span class="on" role="tab" aria-selected="true">Облачная касса</span></div>
${appFrame(appUrl, req, 1100)}`);
}

export function cashboxesPage(portal: EmulatedPortal): string {
  const handlerName = (c: { SETTINGS?: { REST?: { REST_CODE?: string } } }) => portal.handlers.find((h) => h.CODE === c.SETTINGS?.REST?.REST_CODE)?.NAME ?? "—";
  const cards = portal.cashboxes
    .map(
      (c) => `<div class="card" data-cashbox="${c.ID}"><h2>${esc(c.NAME)}</h2>
<p>${c.ACTIVE === "Y" ? '<span class="badge ok">Активна</span>' : '<span class="badge">Выключена</span>'}</p>
<p class="kv">Обработчик</p><p>${esc(handlerName(c))}</p><p class="kv">ОФД</p><p>${esc(c.OFD || "не выбран")}</p><p class="kv">E-mail для ошибок</p><p>${esc(c.EMAIL)}</p></div>`,
    )
    .join("");
  return layout("Кассы", "cashboxes", `<h1>Кассы</h1><p class="sub">CRM → Платежи и доставка → Кассы: кассы, на которых Битрикс24 печатает чеки.</p>
<div class="grid">${cards || '<div class="card">Касс пока нет</div>'}</div>`);
}

/** Каталог → Ставки НДС: the rates catalog.vat.list returns; a new one is what the readiness check must catch. */
export function vatPage(portal: EmulatedPortal): string {
  const rows = portal.vats.map((v) => `<tr><td>${v.id}</td><td>${esc(v.name)}</td><td class="num">${v.rate === null ? "—" : `${v.rate} %`}</td><td>${v.active === "Y" ? "да" : "нет"}</td></tr>`).join("");
  return layout("Ставки НДС", "vat", `<h1>Ставки НДС</h1><p class="sub">Ставки каталога: товары сделок ссылаются на них, а приложение сопоставляет каждую со ставкой в чеке.</p>
<div class="card"><table><thead><tr><th>ID</th><th>Название</th><th class="num">Ставка</th><th>Активна</th></tr></thead><tbody>${rows}</tbody></table></div>
<div class="card"><h2>Добавить ставку</h2><form method="POST" action="/shop/vat/" style="display:flex;gap:8px;align-items:center">
<label>Название <input name="name" required value="НДС 7%"></label><label>Ставка, % <input name="rate" type="number" min="0" max="99" required value="7" style="width:70px"></label>
<button class="btn" type="submit">Добавить ставку</button></form></div>`);
}

export function appPage(portal: EmulatedPortal, appUrl: string): string {
  return layout("Облачная касса", "app", `<h1>Облачная касса</h1><p class="sub">Приложение, открытое из меню портала.</p>${appFrame(appUrl, portal.frameRequest(), 1100)}`);
}

function paymentsOf(portal: EmulatedPortal, dealId: number): EmulatedPayment[] {
  return [...portal.crm.payments.values()].filter((p) => p.dealId === dealId).sort((a, b) => a.id - b.id);
}
