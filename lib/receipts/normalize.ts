import type { BitrixItem, BitrixPayload, BitrixPayment } from "./bitrix-payload";
import { checkTypeInfo, type CheckTypeInfo } from "./check-types";
import { resolveContact } from "./contact";
import { makeLinesExact, type DraftLine } from "./discount";
import { formatRub, quantityToMilli, rublesToKop } from "./money";
import { measureFromOkei } from "./okei";
import { paymentObjectFor } from "./payment-object";
import type { CompanyInfo, ContactPolicy, NormalizeResult, PaymentMethod, PaymentType, ReceiptItem, ReceiptPayment, VatCode } from "./types";
import { effectiveVat, vatSumKop } from "./vat";

// A parsed PRINT_URL payload → the domain receipt, with the checks a cashbox would fail on hours later.

export interface NormalizeProfile {
  vatMap: Record<string, VatCode>;
  company: CompanyInfo;
  contactPolicy: ContactPolicy;
  /** The portal's own addresses: a `client_email` equal to one of them is Bitrix24's fallback, not the buyer. */
  fallbackEmails: string[];
}

/** тег 1030 ≤ 128 characters at ATOL and Orange. */
const MAX_NAME = 128;
const MAX_LINES = 100;
const DELIVERY_NAMES = /^(доставка|delivery)$/i;
const MARKED = new Set([31, 33]);

type ItemTemplate = Omit<ReceiptItem, "priceKop" | "quantityMilli" | "sumKop" | "vatSumKop">;

/** The receipt with exact lines and the same total, or Russian reasons; non-fatal oddities are warnings. */
export function normalizeBitrixReceipt(payload: BitrixPayload, profile: NormalizeProfile): NormalizeResult {
  const info = checkTypeInfo(payload.type);
  const errors: string[] = [];
  const warnings: string[] = [];

  const contact = resolveContact(payload, profile.contactPolicy, profile.fallbackEmails);
  warnings.push(...contact.warnings);
  if (!contact.ok) errors.push(contact.error);

  const unmappedVat = new Set<string>();
  const sink = { errors, warnings, unmappedVat };
  const templates = payload.items.map((item, i) => toTemplate(item, i + 1, info.paymentMethod, profile, sink));
  for (const id of unmappedVat) errors.push(`Ставка НДС с ID ${id} не сопоставлена в настройках кассы`);

  const payments = toPayments(payload.payments, info);
  const paidKop = payments.reduce((a, p) => a + p.sumKop, 0);
  if (paidKop === 0) errors.push("Сумма оплат в чеке равна нулю");
  const declared = payload.total_sum === undefined ? null : rublesToKop(payload.total_sum);
  if (declared !== null && declared !== paidKop) {
    warnings.push(`total_sum ${formatRub(declared)} не равен сумме оплат ${formatRub(paidKop)}; чек пробивается на сумму оплат`);
  }

  const drafts: DraftLine[] = payload.items.map((item) => ({
    priceKop: rublesToKop(item.price)!,
    quantityMilli: quantityToMilli(item.quantity)!,
    sumKop: rublesToKop(item.sum)!,
  }));
  const exact = makeLinesExact(drafts, paidKop);
  if (!exact.ok) errors.push(`Сумма позиций ${formatRub(exact.itemsKop)} не равна сумме оплат ${formatRub(exact.targetKop)}`);
  else if (exact.lines.length > MAX_LINES) errors.push(`Чтобы суммы позиций были точными, строк в чеке нужно ${exact.lines.length} — больше ${MAX_LINES}`);
  if (errors.length > 0 || !exact.ok) return { ok: false, errors };

  if (exact.spread) warnings.push("Суммы позиций скорректированы на копейки округления, чтобы совпасть с суммой оплат");
  exact.lines.forEach((line, i, all) => {
    if (all[i - 1]?.source === line.source) {
      warnings.push(`Позиция ${line.source + 1} «${templates[line.source]!.name}» разбита на две строки, чтобы цена × количество давали сумму точно`);
    }
  });
  const items: ReceiptItem[] = exact.lines.map(({ source, priceKop, quantityMilli, sumKop }) => {
    const t = templates[source]!;
    return { ...t, priceKop, quantityMilli, sumKop, vatSumKop: vatSumKop(sumKop, t.vat) };
  });
  return {
    ok: true,
    warnings,
    receipt: {
      operation: info.operation,
      checkType: payload.type,
      items,
      payments,
      totalKop: paidKop,
      client: contact.ok ? contact.client : {},
      company: profile.company,
    },
  };
}

interface Sink {
  errors: string[];
  warnings: string[];
  unmappedVat: Set<string>;
}

function toTemplate(item: BitrixItem, n: number, method: PaymentMethod, profile: NormalizeProfile, sink: Sink): ItemTemplate {
  let name = item.name.trim();
  if (name.length > MAX_NAME) {
    sink.warnings.push(`Название позиции ${n} длиннее ${MAX_NAME} символов и обрезано`);
    name = name.slice(0, MAX_NAME);
  }
  const label = `Позиция ${n} «${name}»`;

  // `vat` is a catalog VAT id; 0/empty is Bitrix's «no VAT set» (bitrix24-protocol.md §3.2) unless the admin mapped "0".
  const vatId = item.vat?.trim() ?? "";
  let base: VatCode = "none";
  if (Object.hasOwn(profile.vatMap, vatId)) base = profile.vatMap[vatId]!;
  else if (vatId !== "" && vatId !== "0") sink.unmappedVat.add(vatId);
  else if (profile.company.sno === "osn") sink.warnings.push(`${label}: в Битрикс24 не указана ставка НДС — пробивается «Без НДС»`);

  const markCode = item.marking_code?.trim() || undefined;
  const object = paymentObjectFor(item.payment_object, method, markCode !== undefined);
  if (object.problem === "unknown") sink.warnings.push(`${label}: неизвестный предмет расчёта «${item.payment_object}» — в чеке будет «иной»`);
  if (object.problem === "missing_mark_code") sink.errors.push(`${label}: товар подлежит маркировке, но Битрикс24 не передал код маркировки`);

  const measure = measureFromOkei(item.measure_code);
  if (!measure.known) sink.warnings.push(`${label}: неизвестная единица измерения (ОКЕИ ${item.measure_code}) — в чеке будет «иная»`);

  const isDelivery = DELIVERY_NAMES.test(name) && item.payment_object === "service";
  return {
    name,
    vat: effectiveVat(base, method),
    paymentMethod: method,
    paymentObject: object.code,
    measure: measure.measure,
    ...(markCode && MARKED.has(object.code) ? { markCode } : {}),
    ...(isDelivery ? { isDelivery } : {}),
  };
}

/** One payment per type; a refund pays back as its type says (`*returncash` → cash), offsets stay; zeros dropped. */
function toPayments(raw: BitrixPayment[], info: CheckTypeInfo): ReceiptPayment[] {
  const byType = new Map<PaymentType, number>();
  for (const p of raw) {
    const kop = rublesToKop(p.sum)!;
    if (kop === 0) continue;
    const type: PaymentType = info.refundPaymentType && (p.type === "cash" || p.type === "cashless") ? info.refundPaymentType : p.type;
    byType.set(type, (byType.get(type) ?? 0) + kop);
  }
  return [...byType].map(([type, sumKop]) => ({ type, sumKop }));
}
