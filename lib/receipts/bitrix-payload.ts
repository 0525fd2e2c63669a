import { z } from "zod";
import { isBitrixCheckType } from "./check-types";
import { quantityToMilli, rublesToKop } from "./money";
import type { BitrixCheckType } from "./types";

// The PRINT_URL payload as `qs` parses the form body (bitrix24-protocol.md §3.2), or as JSON with numbers: scalars
// become text, unknown keys stay. Errors are Russian: Bitrix24 shows them to the manager as they are.

/** ATOL v5 limits (providers §1.3), kopecks/thousandths: price 42 949 672.95, sum 8.2 (= Orange's max), qty 5.3. */
export const LIMITS = {
  maxItems: 100,
  maxPayments: 10,
  maxPriceKop: 4_294_967_295,
  maxSumKop: 9_999_999_999,
  maxQuantityMilli: 99_999_999,
} as const;

export const BITRIX_PAYMENT_TYPES = ["cash", "cashless", "advance", "credit"] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const optionalScalar = scalar.optional();

/** `qs` turns a long or sparse array into `{ "0": …, "5": … }`. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    return keys.every((k) => /^\d+$/.test(k)) ? keys.sort((a, b) => Number(a) - Number(b)).map((k) => (v as Record<string, unknown>)[k]) : v;
  }, z.array(item));

const itemSchema = z.looseObject({
  name: optionalScalar,
  base_price: optionalScalar,
  price: optionalScalar,
  sum: optionalScalar,
  quantity: optionalScalar,
  measure_code: optionalScalar,
  vat: optionalScalar,
  vat_sum: optionalScalar,
  payment_object: optionalScalar,
  payment_method: optionalScalar,
  marking_code: optionalScalar,
  nomenclature_code: optionalScalar,
  barcode: optionalScalar,
});

const paymentSchema = z.looseObject({ type: optionalScalar, is_cash: optionalScalar, sum: optionalScalar });

const payloadSchema = z.looseObject({
  type: optionalScalar,
  calculated_sign: optionalScalar,
  operation: optionalScalar,
  unique_id: optionalScalar,
  uuid: optionalScalar,
  date_create: optionalScalar,
  items: listOf(z.unknown()).optional(),
  payments: listOf(z.unknown()).optional(),
  total_sum: optionalScalar,
  client_email: optionalScalar,
  client_phone: optionalScalar,
  number_kkm: optionalScalar,
  service_email: optionalScalar,
  cashbox_params: z.record(z.string(), z.unknown()).optional(),
});

/** Money as ruble text; `vat` is a catalog VAT id ("0" = none set); `measure_code` is absent on the delivery line. */
export interface BitrixItem {
  name: string;
  price: string;
  sum: string;
  quantity: string;
  base_price?: string;
  measure_code?: string;
  vat?: string;
  vat_sum?: string;
  payment_object?: string;
  payment_method?: string;
  marking_code?: string;
  nomenclature_code?: string;
  barcode?: string;
  [key: string]: unknown;
}

export interface BitrixPayment {
  type: (typeof BITRIX_PAYMENT_TYPES)[number];
  sum: string;
  is_cash?: string;
  [key: string]: unknown;
}

/** The cashbox's CONFIG values, `{SECTION: {ITEM: value}}`. */
export interface BitrixCashboxParams {
  PROFILE?: { PROFILE_ID?: string; [key: string]: unknown };
  [section: string]: Record<string, unknown> | undefined;
}

export interface BitrixPayload {
  type: BitrixCheckType;
  /** `check|<host>|<id>[|<ts>]`, the key of CHECK_URL and sale.cashbox.check.apply. */
  uuid: string;
  unique_id?: number;
  /** Unix seconds. */
  date_create?: number;
  calculated_sign?: string;
  operation?: string;
  items: BitrixItem[];
  payments: BitrixPayment[];
  total_sum?: string;
  client_email?: string;
  client_phone?: string;
  number_kkm?: string;
  service_email?: string;
  cashbox_params?: BitrixCashboxParams;
  [key: string]: unknown;
}

export type ParseBitrixPayloadResult = { ok: true; payload: BitrixPayload } | { ok: false; errors: string[] };

/** Refuses what no cashbox would take (no items, over the limits, bad amounts, unknown types); numbering from 1. */
export function parseBitrixPayload(raw: unknown): ParseBitrixPayloadResult {
  const parsed = payloadSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: [describeShapeError(parsed.error)] };
  const p = parsed.data;
  const errors: string[] = [];

  if (p.type === undefined || p.type === "") errors.push("Не указан тип чека");
  else if (!isBitrixCheckType(p.type)) errors.push(`Неизвестный тип чека «${p.type}»`);

  const items = p.items ?? [];
  if (items.length === 0) errors.push("Нет позиций в чеке");
  else if (items.length > LIMITS.maxItems) errors.push(`Слишком много позиций в чеке: ${items.length} (не больше ${LIMITS.maxItems})`);
  else items.forEach((item, i) => errors.push(...checkItem(item, i + 1)));

  const payments = p.payments ?? [];
  if (payments.length === 0) errors.push("Нет оплат в чеке");
  else if (payments.length > LIMITS.maxPayments) errors.push(`Слишком много оплат в чеке: ${payments.length} (не больше ${LIMITS.maxPayments})`);
  else payments.forEach((payment, i) => errors.push(...checkPayment(payment, i + 1)));

  const uuid = p.uuid?.trim() ?? "";
  if (uuid === "") errors.push("Не передан идентификатор чека (uuid)");

  if (errors.length > 0) return { ok: false, errors };
  const payload: BitrixPayload = {
    ...p,
    type: p.type as BitrixCheckType,
    uuid,
    unique_id: wholeNumber(p.unique_id, MAX_CHECK_ID),
    date_create: wholeNumber(p.date_create, MAX_UNIX_SECONDS, MIN_UNIX_SECONDS),
    items: items.map((i) => itemSchema.parse(i) as BitrixItem),
    payments: payments.map((x) => paymentSchema.parse(x) as BitrixPayment),
    cashbox_params: cashboxParams(p.cashbox_params),
  };
  return { ok: true, payload };
}

/** Bitrix24's check id is a MySQL int; anything larger is not a check id. */
const MAX_CHECK_ID = 2_147_483_647;
/** `date_create` outside 2000…2100 is not a real check's time. */
const MIN_UNIX_SECONDS = 946_684_800;
const MAX_UNIX_SECONDS = 4_102_444_800;

/** Informational integers: anything else (or out of range) is dropped, not refused. */
function wholeNumber(value: string | undefined, max: number, min = 0): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return n >= min && n <= max ? n : undefined;
}

function cashboxParams(raw: Record<string, unknown> | undefined): BitrixCashboxParams | undefined {
  if (!raw) return undefined;
  const out: BitrixCashboxParams = {};
  for (const [name, section] of Object.entries(raw)) {
    if (!section || typeof section !== "object" || Array.isArray(section)) continue;
    out[name] = Object.fromEntries(
      Object.entries(section).map(([k, v]) => [k, typeof v === "number" || typeof v === "boolean" ? String(v) : v]),
    );
  }
  const id = out.PROFILE?.PROFILE_ID;
  if (out.PROFILE && typeof id !== "string") delete out.PROFILE.PROFILE_ID;
  return out;
}

function checkItem(raw: unknown, n: number): string[] {
  const parsed = itemSchema.safeParse(raw);
  if (!parsed.success) return [`Некорректная позиция ${n}`];
  const item = parsed.data;
  const errors: string[] = [];
  if (!item.name?.trim()) errors.push(`Нет названия у позиции ${n}`);
  const price = item.price === undefined ? null : rublesToKop(item.price);
  if (price === null || price < 0) errors.push(`Некорректная цена позиции ${n}`);
  else if (price > LIMITS.maxPriceKop) errors.push(`Цена позиции ${n} больше 42 949 672,95 ₽`);
  const sum = item.sum === undefined ? null : rublesToKop(item.sum);
  if (sum === null || sum < 0) errors.push(`Некорректная сумма позиции ${n}`);
  else if (sum > LIMITS.maxSumKop) errors.push(`Сумма позиции ${n} больше 99 999 999,99 ₽`);
  const quantity = item.quantity === undefined ? null : quantityToMilli(item.quantity);
  if (quantity === null || quantity <= 0) errors.push(`Некорректное количество позиции ${n}`);
  else if (quantity > LIMITS.maxQuantityMilli) errors.push(`Количество позиции ${n} больше 99 999,999`);
  return errors;
}

function checkPayment(raw: unknown, n: number): string[] {
  const parsed = paymentSchema.safeParse(raw);
  if (!parsed.success) return [`Некорректная оплата ${n}`];
  const errors: string[] = [];
  const { type, sum } = parsed.data;
  if (!(BITRIX_PAYMENT_TYPES as readonly string[]).includes(type ?? "")) errors.push(`Неизвестный тип оплаты ${n}: «${type ?? ""}»`);
  const kop = sum === undefined ? null : rublesToKop(sum);
  if (kop === null || kop < 0) errors.push(`Некорректная сумма оплаты ${n}`);
  else if (kop > LIMITS.maxSumKop) errors.push(`Сумма оплаты ${n} больше 99 999 999,99 ₽`);
  return errors;
}

function describeShapeError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue || issue.path.length === 0) return "Пустой или некорректный запрос от Битрикс24";
  const [field] = issue.path;
  if (field === "items") return "Некорректный список позиций в чеке";
  if (field === "payments") return "Некорректный список оплат в чеке";
  return `Некорректное поле «${String(field)}» в запросе от Битрикс24`;
}
