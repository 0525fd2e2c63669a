// The short story the demo plays on the emulated portal: a full payment, a prepayment and its offset, a refund, and
// one deliberate mismatch — a provider that drops the kopecks of a total, with its clock 3 minutes late at midnight.
import type { EmulatedPortal } from "../../tests/fakes/bitrix-portal/types";
import type { FakeAtol } from "../../tests/fakes/fake-atol";
import { until, type AppClient } from "./app-client";

type Ledger = { payments: Array<{ id: number; receipts: Array<{ id: string; kind: string; status: string }> }> };
type ReceiptRow = { id: string; status: string; source: string };
type MismatchRow = { kind: string; cause: string; dealId: number | null };

export interface StoryResult {
  cashboxId: string;
  deals: { full: number; prepaid: number; refunded: number; mismatch: number; unpaid: number };
  receipts: number;
  mismatches: MismatchRow[];
}

const ATOL_ACCOUNT = { login: "v5-online-atol-ru", password: "zUr0OxfI", groupCode: "v5-online-atol-ru_5179" };
const COMPANY = { inn: "5544332219", sno: "osn", paymentAddress: "https://shop.example.ru", email: "shop@example.ru" };
const THREE_MINUTES_MS = 3 * 60_000;
const MSK_MS = 3 * 3_600_000;
const FINAL = new Set(["done", "fiscalised"]);

export async function playStory(app: AppClient, portal: EmulatedPortal, atol: FakeAtol, say: (line: string) => void): Promise<StoryResult> {
  const cashbox = await app.api<{ item: { id: string } }>("/api/cashboxes", {
    json: { name: "Касса магазина (АТОЛ, тест)", provider: "atol", mode: "test", credentials: ATOL_ACCOUNT, company: COMPANY },
  });
  const cashboxId = cashbox.item.id;
  await app.api("/api/readiness/ofd", { json: { cashboxId, ofd: "bx_platformaofd" } });
  await app.api("/api/readiness/test-receipt", { json: { cashboxId } });
  say("касса АТОЛ Онлайн (тестовый режим) создана, ОФД выбран, тестовый чек отправлен");

  // 1. A full payment: Bitrix24 prints the receipt by itself.
  const full = portal.createDeal({
    title: "Диван для гостиной",
    contact: { name: "Анна", lastName: "Петрова", email: "anna@example.ru", phone: "+79001234567" },
    products: [{ name: "Диван «Осло»", price: 49_900, quantity: 1, vatRate: 22 }],
  });
  await pay(portal, portal.addPayment(full.id, { products: "all" }).id, true);
  say(`сделка «${full.title}»: оплата 49 900 ₽ — чек прихода`);

  // 2. A 100 % prepayment; the offset (зачёт аванса) is made from the deal once the kitchen is delivered.
  const prepaid = portal.createDeal({
    title: "Кухонный гарнитур",
    contact: { name: "Игорь", lastName: "Смирнов", email: "igor@example.ru" },
    products: [
      { name: "Кухонный гарнитур «Лайт»", price: 150_000, quantity: 1, vatRate: 22 },
      { name: "Сборка и монтаж", price: 12_000, quantity: 1, vatRate: 22 },
    ],
  });
  const prepayment = portal.addPayment(prepaid.id, { products: "all" });
  await pay(portal, prepayment.id, "fullprepayment");
  say(`сделка «${prepaid.title}»: предоплата 100 % 162 000 ₽`);

  // 3. A sale that is returned.
  const refunded = portal.createDeal({
    title: "Кресло-качалка",
    contact: { name: "Мария", lastName: "Иванова", email: "maria@example.ru" },
    products: [{ name: "Кресло-качалка «Уют»", price: 15_000, quantity: 1, vatRate: 22 }],
  });
  const refundPayment = portal.addPayment(refunded.id, { products: "all" });
  await pay(portal, refundPayment.id, true);
  say(`сделка «${refunded.title}»: оплата 15 000 ₽`);

  // A deal left unpaid, for the «Оплатить» button of the portal page.
  const unpaid = portal.createDeal({
    title: "Стеллаж в кабинет",
    contact: { name: "Олег", lastName: "Кузнецов", email: "oleg@example.ru" },
    products: [{ name: "Стеллаж «Модуль»", price: 8_400, quantity: 1, vatRate: 22 }],
  });
  portal.addPayment(unpaid.id, { products: "all" });

  await allReceiptsFinal(app);
  await app.syncPayments();
  const prepaidLedger = await app.api<Ledger>(`/api/deals/${prepaid.id}`);
  if (!prepaidLedger.payments.some((p) => p.id === prepayment.id)) throw new Error("the prepayment did not reach the app's payments snapshot");
  await app.api(`/api/deals/${prepaid.id}/payments/${prepayment.id}/receipt`, { json: { kind: "offset" } });
  say(`сделка «${prepaid.title}»: гарнитур доставлен — чек зачёта аванса`);
  const sale = (await app.api<Ledger>(`/api/deals/${refunded.id}`)).payments.flatMap((p) => p.receipts).find((r) => r.kind === "full_payment");
  if (!sale) throw new Error("the armchair's receipt is not on its deal");
  await app.api(`/api/receipts/${sale.id}/refund`, { method: "POST" });
  say(`сделка «${refunded.title}»: покупатель вернул кресло — чек возврата прихода`);

  const mismatch = await playMidnightMismatch(portal, atol, say);
  const receipts = await allReceiptsFinal(app);
  const mismatches = await until(
    "the mismatches to be listed",
    async () => {
      await app.syncPayments();
      const open = (await app.api<{ items: MismatchRow[] }>("/api/mismatches?status=open")).items;
      const ours = open.filter((m) => m.dealId === mismatch);
      return ours.some((m) => m.kind === "fiscal_vs_receipt") && ours.some((m) => m.kind === "day_boundary") ? open : undefined;
    },
    60_000,
    1_000,
  );
  return { cashboxId, deals: { full: full.id, prepaid: prepaid.id, refunded: refunded.id, mismatch, unpaid: unpaid.id }, receipts, mismatches };
}

async function pay(portal: EmulatedPortal, paymentId: number, print: true | "fullprepayment"): Promise<void> {
  const { check, printError, printSkipped } = await portal.payPayment(paymentId, { print });
  if (!check) throw new Error(`Bitrix24 made no receipt for payment ${paymentId}: ${printError?.message ?? printSkipped}`);
}

/**
 * Just after midnight (Moscow, the portal's zone) a payment is paid; the provider's clock runs 3 minutes late, so the
 * fiscal document is dated the day before — and the provider reports the total with its kopecks dropped (тег 1020
 * allows it). Reconciliation lists both: fiscal ≠ receipt (rounding) and a day boundary (clock skew).
 */
async function playMidnightMismatch(portal: EmulatedPortal, atol: FakeAtol, say: (line: string) => void): Promise<number> {
  const deal = portal.createDeal({
    title: "Краска фасадная",
    contact: { name: "Сергей", lastName: "Волков", email: "sergey@example.ru" },
    products: [{ name: "Краска фасадная, 3 л", price: 333.33, quantity: 3, vatRate: 22 }],
  });
  const payment = portal.addPayment(deal.id, { products: "all" });
  // The last Moscow midnight at least 10 minutes ago, so "00:01" is never in the future (reconciliation skips those).
  const midnight = Math.floor((Date.now() - 10 * 60_000 + MSK_MS) / 86_400_000) * 86_400_000 - MSK_MS;
  const portalShift = midnight + 60_000 - Date.now();
  const settled = atol.state.onSettled;
  atol.state.onSettled = (doc) => {
    const payload = doc.payload as { total?: number } | undefined;
    if (payload && payload.total === 999.99) payload.total = 999;
    settled?.(doc);
  };
  portal.clockShiftMs = portalShift;
  atol.state.clockShiftMs = portalShift - THREE_MINUTES_MS;
  try {
    await pay(portal, payment.id, true);
  } finally {
    portal.clockShiftMs = 0;
  }
  // Back to "now" once that document is fiscalised, still 3 minutes late.
  await until("the midnight receipt to be fiscalised", () => ([...atol.documents.values()].some((d) => d.status !== "wait" && (d.payload as { total?: number } | undefined)?.total === 999) ? true : undefined));
  atol.state.clockShiftMs = -THREE_MINUTES_MS;
  say(`сделка «${deal.title}»: оплата 999,99 ₽ в 00:01, часы кассы отстают на 3 минуты, касса округлила итог — расхождение`);
  return deal.id;
}

/** Every receipt of the portal fiscalised (Bitrix24 told for its own checks). */
async function allReceiptsFinal(app: AppClient): Promise<number> {
  return until(
    "every receipt to be fiscalised",
    async () => {
      const items = (await app.api<{ items: ReceiptRow[] }>("/api/receipts?limit=200")).items;
      const failed = items.find((r) => r.status === "failed" || r.status === "needs_attention");
      if (failed) throw new Error(`receipt ${failed.id} ended ${failed.status}`);
      return items.length > 0 && items.every((r) => FINAL.has(r.status)) ? items.length : undefined;
    },
    90_000,
    500,
  );
}
