import type { CorrectionInfo, DomainReceipt, ReceiptPayment } from "./types";

// Receipts the app starts itself: refunds, and FFD 1.2 corrections (full receipts + тег 1173/1178/1179, providers §4).

/** `errors` are Russian, for the person who asked. */
export class ReceiptBuildError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join("; "));
    this.name = "ReceiptBuildError";
  }
}

/** Orange `causeDocumentNumber` ≤ 32 (node-orangedata correction12 schema). */
const MAX_BASE_NUMBER = 32;
const MSK_OFFSET_MS = 3 * 3600_000;

/** Возврат прихода: same lines, VAT and method (providers §4); the cash part back in cash, the rest cashless. */
export function buildRefund(original: DomainReceipt): DomainReceipt {
  if (original.operation !== "sell") throw new ReceiptBuildError(["Вернуть можно только чек прихода"]);
  const cashKop = original.payments.filter((p) => p.type === "cash").reduce((a, p) => a + p.sumKop, 0);
  const payments: ReceiptPayment[] = [
    ...(cashKop > 0 ? [{ type: "cash" as const, sumKop: cashKop }] : []),
    ...(original.totalKop > cashKop ? [{ type: "cashless" as const, sumKop: original.totalKop - cashKop }] : []),
  ];
  return {
    operation: "sell_refund",
    checkType: "refund",
    items: original.items.map((item) => ({ ...item })),
    payments,
    totalKop: original.totalKop,
    client: { ...original.client },
    company: original.company,
  };
}

/** `instruction` needs the order's number (1179); the date (1178) must exist and not be after today in Moscow. */
export function buildCorrection(
  base: DomainReceipt,
  info: CorrectionInfo,
  operation: "sell_correction" | "sell_refund_correction",
  now: number = Date.now(),
): DomainReceipt {
  const errors = validateCorrection(info, now);
  if (errors.length > 0) throw new ReceiptBuildError(errors);
  const baseNumber = info.baseNumber?.trim();
  return {
    operation,
    checkType: "correction",
    items: base.items.map((item) => ({ ...item })),
    payments: base.payments.map((p) => ({ ...p })),
    totalKop: base.totalKop,
    client: { ...base.client },
    company: base.company,
    correction: { type: info.type, baseDate: info.baseDate, ...(baseNumber ? { baseNumber } : {}) },
  };
}

function validateCorrection(info: CorrectionInfo, now: number): string[] {
  const errors: string[] = [];
  if (info.type !== "self" && info.type !== "instruction") errors.push("Тип коррекции: самостоятельно или по предписанию");
  const baseNumber = info.baseNumber?.trim() ?? "";
  if (info.type === "instruction" && baseNumber === "") errors.push("Для коррекции по предписанию укажите номер предписания ФНС");
  if (baseNumber.length > MAX_BASE_NUMBER) errors.push(`Номер предписания не длиннее ${MAX_BASE_NUMBER} символов`);
  if (!isIsoDate(info.baseDate)) errors.push("Дата корректируемого расчёта должна быть в формате ГГГГ-ММ-ДД");
  else if (info.baseDate > new Date(now + MSK_OFFSET_MS).toISOString().slice(0, 10)) {
    errors.push("Дата корректируемого расчёта не может быть в будущем");
  }
  return errors;
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
