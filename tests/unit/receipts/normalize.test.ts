import qs from "qs";
import { describe, expect, it } from "vitest";
import { parseBitrixPayload, type BitrixPayload } from "@/lib/receipts/bitrix-payload";
import { normalizeBitrixReceipt, type NormalizeProfile } from "@/lib/receipts/normalize";
import type { NormalizeResult } from "@/lib/receipts/types";
import docExample from "../../fixtures/bitrix24/print-url-doc-example.json";
import formSell from "../../fixtures/bitrix24/print-url-form-sell.json";

const company = { inn: "5544332219", sno: "osn" as const, paymentAddress: "https://v5.online.atol.ru", email: "shop@example.ru" };
const profile = (over: Partial<NormalizeProfile> = {}): NormalizeProfile => ({
  vatMap: { "1": "vat22", "2": "vat10", "3": "vat20" },
  company,
  contactPolicy: "email_or_phone",
  fallbackEmails: ["admin@shop.bitrix24.ru"],
  ...over,
});
const item = (over: Record<string, unknown> = {}) => ({ name: "Чай", price: "1000", sum: "1000", quantity: "1", measure_code: "796", vat: "1", payment_object: "commodity", ...over });
const raw = (over: Record<string, unknown> = {}) => ({
  type: "sell",
  uuid: "check|shop.bitrix24.ru|1",
  items: [item()],
  payments: [{ type: "cashless", sum: "1000" }],
  client_email: "buyer@example.ru",
  ...over,
});

function parsed(body: unknown): BitrixPayload {
  const r = parseBitrixPayload(body);
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.payload;
}
const normalize = (body: unknown, p = profile()) => normalizeBitrixReceipt(parsed(body), p);
function ok(r: NormalizeResult) {
  if (!r.ok) throw new Error(`refused: ${r.errors.join("; ")}`);
  return r;
}
const errors = (r: NormalizeResult) => (r.ok ? [] : r.errors);

describe("normalizeBitrixReceipt", () => {
  it("turns the docs' example into a 9 600 ₽ receipt with 1 600 ₽ VAT", () => {
    const r = ok(normalize(docExample.body, profile({ fallbackEmails: [] })));
    expect(r.receipt).toEqual({
      operation: "sell",
      checkType: "sell",
      items: [
        { name: "Product", priceKop: 960_000, quantityMilli: 1_000, sumKop: 960_000, vat: "vat20", vatSumKop: 160_000, paymentMethod: "full_payment", paymentObject: 1, measure: 0 },
      ],
      payments: [{ type: "cash", sumKop: 960_000 }],
      totalKop: 960_000,
      client: { email: "client@example.com" },
      company,
    });
    expect(r.warnings).toEqual([]);
  });

  it("turns the form-encoded sale into exact lines, a delivery line and the buyer's phone", () => {
    const r = ok(normalize(qs.parse(formSell.body)));
    expect(r.receipt.items).toEqual([
      { name: "Чай улун «Да Хун Пао», 100 г", priceKop: 33_333, quantityMilli: 2_000, sumKop: 66_666, vat: "vat10", vatSumKop: 6_061, paymentMethod: "full_payment", paymentObject: 1, measure: 0 },
      { name: "Чай улун «Да Хун Пао», 100 г", priceKop: 33_334, quantityMilli: 1_000, sumKop: 33_334, vat: "vat10", vatSumKop: 3_030, paymentMethod: "full_payment", paymentObject: 1, measure: 0 },
      { name: "Доставка", priceKop: 30_000, quantityMilli: 1_000, sumKop: 30_000, vat: "none", vatSumKop: 0, paymentMethod: "full_payment", paymentObject: 4, measure: 0, isDelivery: true },
    ]);
    expect(r.receipt.items.reduce((a, i) => a + i.sumKop, 0)).toBe(130_000);
    expect(r.receipt.totalKop).toBe(130_000);
    expect(r.receipt.payments).toEqual([{ type: "cashless", sumKop: 130_000 }]);
    // The portal's own address is Bitrix24's fallback, not the buyer's: only the phone is used.
    expect(r.receipt.client).toEqual({ phone: "+79123456789" });
    expect(r.warnings).toEqual([
      "Позиция 2 «Доставка»: в Битрикс24 не указана ставка НДС — пробивается «Без НДС»",
      "Позиция 1 «Чай улун «Да Хун Пао», 100 г» разбита на две строки, чтобы цена × количество давали сумму точно",
    ]);
  });

  it("recognises the English delivery line too", () => {
    const r = ok(normalize(raw({ items: [item(), { name: "Delivery", price: "300", sum: "300", quantity: "1", vat: "1", payment_object: "service" }], payments: [{ type: "cash", sum: "1300" }] })));
    expect(r.receipt.items[1]).toMatchObject({ isDelivery: true, paymentObject: 4, measure: 0, vat: "vat22", vatSumKop: 5_410 });
    expect(r.receipt.items[0]!.isDelivery).toBeUndefined();
  });

  it("refuses a client e-mail that is the portal's fallback when there is nothing else", () => {
    const r = normalize(raw({ client_email: "Admin@Shop.Bitrix24.ru" }));
    expect(errors(r)).toEqual([
      "Нет контакта покупателя: укажите e-mail или телефон клиента в сделке. Admin@Shop.Bitrix24.ru — адрес самого портала: Битрикс24 подставляет его, когда у клиента нет e-mail.",
    ]);
  });

  it("treats the cashbox's service e-mail as the portal's own address", () => {
    expect(errors(normalize(raw({ client_email: "kassa@shop.ru", service_email: "kassa@shop.ru" }), profile({ fallbackEmails: [] })))[0]).toMatch(/^Нет контакта покупателя/);
  });

  it("refuses a receipt with no contact at all", () => {
    expect(errors(normalize(raw({ client_email: undefined })))).toEqual(["Нет контакта покупателя: укажите e-mail или телефон клиента в сделке."]);
  });

  it("applies the contact policy", () => {
    const both = raw({ client_email: "buyer@example.ru", client_phone: "+7 912 345-67-89" });
    expect(ok(normalize(both)).receipt.client).toEqual({ email: "buyer@example.ru", phone: "+79123456789" });
    expect(ok(normalize(both, profile({ contactPolicy: "email_only" }))).receipt.client).toEqual({ email: "buyer@example.ru" });
    expect(ok(normalize(both, profile({ contactPolicy: "phone_only" }))).receipt.client).toEqual({ phone: "+79123456789" });
    expect(errors(normalize(raw({ client_email: undefined, client_phone: "89123456789" }), profile({ contactPolicy: "email_only" })))).toEqual([
      "Нет контакта покупателя: по настройкам кассы нужен e-mail клиента.",
    ]);
    expect(errors(normalize(raw(), profile({ contactPolicy: "phone_only" })))).toEqual(["Нет контакта покупателя: по настройкам кассы нужен телефон клиента."]);
  });

  it("drops a malformed contact with a warning and uses the other one", () => {
    const r = ok(normalize(raw({ client_email: "not-an-email", client_phone: "9123456789" })));
    expect(r.receipt.client).toEqual({ phone: "+79123456789" });
    expect(r.warnings).toEqual(["E-mail покупателя «not-an-email» некорректен и не используется"]);
  });

  it("refuses a VAT id the profile does not map, once per id", () => {
    const r = normalize(raw({ items: [item({ vat: "5" }), item({ vat: "5" }), item({ vat: "7" })], payments: [{ type: "cash", sum: "3000" }] }));
    expect(errors(r)).toEqual(["Ставка НДС с ID 5 не сопоставлена в настройках кассы", "Ставка НДС с ID 7 не сопоставлена в настройках кассы"]);
  });

  it("reads VAT id 0 as «без НДС» unless the admin mapped it", () => {
    expect(ok(normalize(raw({ items: [item({ vat: "0" })] }), profile({ company: { ...company, sno: "usn_income" } }))).receipt.items[0]!.vat).toBe("none");
    expect(ok(normalize(raw({ items: [item({ vat: "0" })] }), profile({ vatMap: { "0": "vat22" } }))).receipt.items[0]).toMatchObject({ vat: "vat22", vatSumKop: 18_033 });
  });

  it("refuses items that don't add up to the payments", () => {
    expect(errors(normalize(raw({ payments: [{ type: "cashless", sum: "999" }] })))).toEqual(["Сумма позиций 1 000,00 ₽ не равна сумме оплат 999,00 ₽"]);
  });

  it("spreads a 1-kopeck rounding difference over the lines", () => {
    const r = ok(normalize(raw({ items: [item({ price: "333.33", sum: "333.33" }), item({ price: "666.66", sum: "666.66" })], payments: [{ type: "cashless", sum: "1000" }] })));
    expect(r.receipt.items.map((i) => [i.priceKop, i.sumKop])).toEqual([
      [33_333, 33_333],
      [66_667, 66_667],
    ]);
    expect(r.warnings).toContain("Суммы позиций скорректированы на копейки округления, чтобы совпасть с суммой оплат");
  });

  it("keeps a marking code and declares the line «ТМ с КМ»", () => {
    const r = ok(normalize(raw({ items: [item({ payment_object: "commodity_marking", marking_code: "010460123456789321ABC123" })] })));
    expect(r.receipt.items[0]).toMatchObject({ paymentObject: 33, markCode: "010460123456789321ABC123" });
  });

  it("refuses marked goods sold without their code, but not a prepayment for them", () => {
    const marked = raw({ items: [item({ payment_object: "commodity_marking", marking_code: "" })] });
    expect(errors(normalize(marked))).toEqual(["Позиция 1 «Чай»: товар подлежит маркировке, но Битрикс24 не передал код маркировки"]);
    const prepaid = ok(normalize({ ...marked, type: "fullprepayment" }));
    expect(prepaid.receipt.items[0]).toMatchObject({ paymentObject: 32, paymentMethod: "full_prepayment", vat: "vat122" });
    expect(prepaid.receipt.items[0]!.markCode).toBeUndefined();
  });

  it("keeps full_payment and the base rate on a final receipt paid by an advance offset", () => {
    const r = ok(normalize(raw({ payments: [{ type: "advance", sum: "1000" }] })));
    expect(r.receipt.items[0]).toMatchObject({ paymentMethod: "full_payment", vat: "vat22", vatSumKop: 18_033 });
    expect(r.receipt.payments).toEqual([{ type: "advance", sumKop: 100_000 }]);
  });

  it("refunds in cash on *returncash and cashless on *return, leaving offsets alone", () => {
    const split = [
      { type: "cashless", sum: "600" },
      { type: "cash", sum: "300" },
      { type: "advance", sum: "100" },
    ];
    expect(ok(normalize(raw({ type: "sellreturncash", payments: split }))).receipt.payments).toEqual([
      { type: "cash", sumKop: 90_000 },
      { type: "advance", sumKop: 10_000 },
    ]);
    expect(ok(normalize(raw({ type: "sellreturn", payments: split }))).receipt).toMatchObject({
      operation: "sell_refund",
      payments: [
        { type: "cashless", sumKop: 90_000 },
        { type: "advance", sumKop: 10_000 },
      ],
    });
  });

  it("refuses a receipt whose payments are all zero", () => {
    expect(errors(normalize(raw({ items: [item({ price: "0", sum: "0" })], payments: [{ type: "cash", sum: "0" }] })))).toEqual(["Сумма оплат в чеке равна нулю"]);
  });

  it("warns about an unknown unit, an unknown payment object and a long name", () => {
    const long = "Я".repeat(130);
    const r = ok(normalize(raw({ items: [item({ name: long, measure_code: "999", payment_object: "teleport" })] })));
    expect(r.receipt.items[0]).toMatchObject({ name: "Я".repeat(128), measure: 255, paymentObject: 13 });
    expect(r.warnings).toEqual([
      "Название позиции 1 длиннее 128 символов и обрезано",
      `Позиция 1 «${"Я".repeat(128)}»: неизвестный предмет расчёта «teleport» — в чеке будет «иной»`,
      `Позиция 1 «${"Я".repeat(128)}»: неизвестная единица измерения (ОКЕИ 999) — в чеке будет «иная»`,
    ]);
  });

  it("refuses when exact sums would need more than 100 lines", () => {
    const items = Array.from({ length: 60 }, () => item({ price: "333.33", sum: "1000", quantity: "3" }));
    expect(errors(normalize(raw({ items, payments: [{ type: "cashless", sum: "60000" }] })))).toEqual([
      "Чтобы суммы позиций были точными, строк в чеке нужно 120 — больше 100",
    ]);
  });

  it("collects independent problems together", () => {
    const r = normalize(raw({ client_email: undefined, items: [item({ vat: "9" })], payments: [{ type: "cash", sum: "5" }] }));
    expect(errors(r)).toEqual([
      "Нет контакта покупателя: укажите e-mail или телефон клиента в сделке.",
      "Ставка НДС с ID 9 не сопоставлена в настройках кассы",
      "Сумма позиций 1 000,00 ₽ не равна сумме оплат 5,00 ₽",
    ]);
  });
});
