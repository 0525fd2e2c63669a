import qs from "qs";
import { describe, expect, it } from "vitest";
import { parseBitrixPayload } from "@/lib/receipts/bitrix-payload";
import docExample from "../../fixtures/bitrix24/print-url-doc-example.json";
import formSell from "../../fixtures/bitrix24/print-url-form-sell.json";

const item = (over: Record<string, unknown> = {}) => ({ name: "Чай", price: "100", sum: "100", quantity: "1", measure_code: "796", vat: "1", payment_object: "commodity", ...over });
const payload = (over: Record<string, unknown> = {}) => ({
  type: "sell",
  uuid: "check|shop.bitrix24.ru|1",
  items: [item()],
  payments: [{ type: "cashless", sum: "100" }],
  client_email: "buyer@example.ru",
  ...over,
});
const errorsOf = (raw: unknown) => {
  const r = parseBitrixPayload(raw);
  return r.ok ? [] : r.errors;
};

describe("parseBitrixPayload", () => {
  it("reads the docs' JSON example, numbers becoming text", () => {
    const r = parseBitrixPayload(docExample.body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.payload.type).toBe("sell");
    expect(r.payload.uuid).toBe("check|example.com|85");
    expect(r.payload.unique_id).toBe(85);
    expect(r.payload.date_create).toBe(1712235417);
    expect(r.payload.items[0]).toMatchObject({ name: "Product", price: "9600", sum: "9600", quantity: "1", vat: "3", payment_object: "commodity" });
    expect(r.payload.payments).toEqual([{ type: "cash", is_cash: "Y", sum: "9600" }]);
    expect(r.payload.cashbox_params).toEqual({ COMPANY: { INN: "123" } });
  });

  it("reads a form body as qs parses it, with the profile id from cashbox_params", () => {
    const r = parseBitrixPayload(qs.parse(formSell.body));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.payload.items).toHaveLength(2);
    expect(r.payload.items[0]).toMatchObject({ name: "Чай улун «Да Хун Пао», 100 г", price: "333.33", sum: "1000", quantity: "3", properties: { ARTNUMBER: "TEA-100" } });
    expect(r.payload.items[1]!.measure_code).toBeUndefined();
    expect(r.payload.client_phone).toBe("8 (912) 345-67-89");
    expect(r.payload.cashbox_params?.PROFILE?.PROFILE_ID).toBe("5b0c8a53-1f7e-4d1a-9a57-3f6f1f0c2a11");
    expect(r.payload.unique_id).toBe(1207);
  });

  it("keeps unknown keys", () => {
    const r = parseBitrixPayload(payload({ additional_params: { foo: "bar" } }));
    expect(r.ok && r.payload.additional_params).toEqual({ foo: "bar" });
  });

  it("accepts items that qs left as an object with numeric keys", () => {
    const r = parseBitrixPayload(payload({ items: { "1": item({ name: "Второй" }), "0": item({ name: "Первый" }) } }));
    expect(r.ok && r.payload.items.map((i) => i.name)).toEqual(["Первый", "Второй"]);
  });

  it("accepts 100 items, 10 payments and the largest price and quantity", () => {
    expect(errorsOf(payload({ items: Array.from({ length: 100 }, () => item()) }))).toEqual([]);
    expect(errorsOf(payload({ payments: Array.from({ length: 10 }, () => ({ type: "cash", sum: "10" })) }))).toEqual([]);
    expect(errorsOf(payload({ items: [item({ price: "42949672.95", quantity: "99999.999", sum: "99999999.99" })] }))).toEqual([]);
  });

  it.each([
    ["missing items", { items: undefined }, ["Нет позиций в чеке"]],
    ["no items", { items: [] }, ["Нет позиций в чеке"]],
    ["101 items", { items: Array.from({ length: 101 }, () => item()) }, ["Слишком много позиций в чеке: 101 (не больше 100)"]],
    ["11 payments", { payments: Array.from({ length: 11 }, () => ({ type: "cash", sum: "1" })) }, ["Слишком много оплат в чеке: 11 (не больше 10)"]],
    ["no payments", { payments: [] }, ["Нет оплат в чеке"]],
    ["an unknown type", { type: "refund" }, ["Неизвестный тип чека «refund»"]],
    ["no type", { type: undefined }, ["Не указан тип чека"]],
    ["no uuid", { uuid: " " }, ["Не передан идентификатор чека (uuid)"]],
    ["a negative price", { items: [item({ price: "-100" })] }, ["Некорректная цена позиции 1"]],
    ["a negative sum", { items: [item(), item({ sum: "-1" })] }, ["Некорректная сумма позиции 2"]],
    ["a non-numeric quantity", { items: [item(), item({ quantity: "abc" })] }, ["Некорректное количество позиции 2"]],
    ["a zero quantity", { items: [item({ quantity: "0" })] }, ["Некорректное количество позиции 1"]],
    ["a missing price", { items: [item({ price: undefined })] }, ["Некорректная цена позиции 1"]],
    ["a missing name", { items: [item({ name: " " })] }, ["Нет названия у позиции 1"]],
    ["an absurd price", { items: [item({ price: "42949672.96" })] }, ["Цена позиции 1 больше 42 949 672,95 ₽"]],
    ["an absurd quantity", { items: [item({ quantity: "100000" })] }, ["Количество позиции 1 больше 99 999,999"]],
    ["an absurd sum", { items: [item({ sum: "100000000" })] }, ["Сумма позиции 1 больше 99 999 999,99 ₽"]],
    ["an unknown payment type", { payments: [{ type: "bitcoin", sum: "100" }] }, ["Неизвестный тип оплаты 1: «bitcoin»"]],
    ["a negative payment", { payments: [{ type: "cash", sum: "-100" }] }, ["Некорректная сумма оплаты 1"]],
    ["a nested value where text belongs", { client_email: { a: "b" } }, ["Некорректное поле «client_email» в запросе от Битрикс24"]],
  ])("refuses %s", (_, over, errors) => {
    expect(errorsOf(payload(over))).toEqual(errors);
  });

  it("reports every problem at once", () => {
    expect(errorsOf(payload({ type: "x", items: [item({ price: "abc", quantity: "-1" })], payments: [{ type: "cash", sum: "x" }] }))).toEqual([
      "Неизвестный тип чека «x»",
      "Некорректная цена позиции 1",
      "Некорректное количество позиции 1",
      "Некорректная сумма оплаты 1",
    ]);
  });

  it.each([null, undefined, "type=sell", 42, []])("refuses %j as a whole", (raw) => {
    expect(errorsOf(raw)).toEqual(["Пустой или некорректный запрос от Битрикс24"]);
  });

  it("drops informational numbers it can't read instead of refusing", () => {
    const r = parseBitrixPayload(payload({ unique_id: "abc", date_create: "04.04.2024 15:56:57" }));
    expect(r.ok).toBe(true);
    expect(r.ok && [r.payload.unique_id, r.payload.date_create]).toEqual([undefined, undefined]);
  });
});
