import { z } from "zod";
import { kopToRub, milliToQuantity, rublesToKop } from "@/lib/receipts/money";
import type { DomainReceipt, FiscalResult, PaymentMethod, PaymentType, ReceiptItem, TaxSystem, VatType } from "@/lib/receipts/types";
import type { ReportOutcome } from "../types";

// Domain receipt ↔ Orange Data Nebula API v2, FFD 1.2 (providers §2, §3.1; orangedata-official/node-orangedata), pure.

/** тег 1199 (providers §2.1). 22 % = 11 and 22/122 = 12 per FFD; Orange's doc 2.31.3 does not list them yet. */
const TAX: Record<VatType, number> = {
  vat20: 1,
  vat10: 2,
  vat120: 3,
  vat110: 4,
  vat0: 5,
  none: 6,
  vat5: 7,
  vat7: 8,
  vat105: 9,
  vat107: 10,
  vat22: 11,
  vat122: 12,
};

const METHOD: Record<PaymentMethod, number> = {
  full_prepayment: 1,
  prepayment: 2,
  advance: 3,
  full_payment: 4,
  partial_payment: 5,
  credit: 6,
  credit_payment: 7,
};

/** providers §2.4. */
const PAYMENT: Record<PaymentType, number> = { cash: 1, cashless: 2, advance: 14, credit: 15 };

/** providers §2.5; 3 was ЕНВД. */
const TAXATION: Record<TaxSystem, number> = { osn: 0, usn_income: 1, usn_income_outcome: 2, esn: 4, patent: 5 };

/** A correction carries the corrected operation's type. */
const CONTENT_TYPE: Record<DomainReceipt["operation"], number> = { sell: 1, sell_refund: 2, sell_correction: 1, sell_refund_correction: 2 };

/** тег 2003: 1 штучный товар реализован, 3 возвращён. */
const PLANNED_SOLD = 1;
const PLANNED_RETURNED = 3;

export interface OrangeDocumentOptions {
  /** Our external id, unique per organisation, ≤ 64. */
  id: string;
  inn: string;
  group: string;
  key: string;
  callbackUrl?: string;
}

/** Body for `/api/v2/documents/` or `/api/v2/correction12/`; no line sum — the ККТ computes price × quantity. */
export function toOrangeDocument(receipt: DomainReceipt, opts: OrangeDocumentOptions): Record<string, unknown> {
  const refund = receipt.operation === "sell_refund" || receipt.operation === "sell_refund_correction";
  const content: Record<string, unknown> = {
    ffdVersion: 4,
    type: CONTENT_TYPE[receipt.operation],
    positions: receipt.items.map((item) => orangePosition(item, refund)),
    checkClose: {
      payments: receipt.payments.map((p) => ({ type: PAYMENT[p.type], amount: kopToRub(p.sumKop) })),
      taxationSystem: TAXATION[receipt.company.sno],
    },
    // One contact only; e-mail first, as ATOL's OFD does.
    customerContact: receipt.client.email ?? receipt.client.phone ?? "none",
    settlementPlace: receipt.company.paymentAddress,
    senderEmail: receipt.company.email,
  };
  if (receipt.correction) {
    content.correctionType = receipt.correction.type === "instruction" ? 1 : 0;
    content.causeDocumentDate = `${receipt.correction.baseDate}T00:00:00`;
    if (receipt.correction.baseNumber) content.causeDocumentNumber = receipt.correction.baseNumber;
  }
  return {
    id: opts.id,
    inn: opts.inn,
    group: opts.group,
    key: opts.key,
    content,
    ...(opts.callbackUrl ? { callbackUrl: opts.callbackUrl } : {}),
  };
}

function orangePosition(item: ReceiptItem, refund: boolean): Record<string, unknown> {
  return {
    text: item.name,
    quantity: milliToQuantity(item.quantityMilli),
    price: kopToRub(item.priceKop),
    tax: TAX[item.vat],
    paymentMethodType: METHOD[item.paymentMethod],
    paymentSubjectType: item.paymentObject,
    quantityMeasurementUnit: item.measure,
    // node-orangedata Order.addPosition.
    ...(item.markCode ? { itemCode: item.markCode, plannedStatus: refund ? PLANNED_RETURNED : PLANNED_SOLD } : {}),
  };
}

const text = z.union([z.string().min(1), z.number()]).transform(String);
const integer = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const money = z.union([z.number(), z.string()]);

const doneSchema = z.object({
  deviceRN: text,
  fsNumber: text,
  documentNumber: integer,
  fp: text,
  shiftNumber: integer,
  documentIndex: integer.nullish(),
  processedAt: z.string(),
  change: money.nullish(),
  content: z.object({ checkClose: z.object({ payments: z.array(z.object({ amount: money })) }).nullish() }).nullish(),
});

const errorsSchema = z.object({ errors: z.array(z.string()) });

/** "2018-10-22T19:36:00" (Vasfed/orangedata receipt_result_spec). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const MSK_OFFSET_MS = 3 * 3600_000;

/**
 * `processedAt` has no offset and Orange doesn't name its zone; like ATOL's ККТ time it is read as Moscow (UTC+3),
 * `fiscalAtRaw` keeping the original. An explicit offset wins.
 */
export function parseOrangeProcessedAt(value: string): number | undefined {
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 59) return undefined;
  return ms - offsetMs(m[7]);
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined) return MSK_OFFSET_MS;
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

/** Status answer → outcome (providers §3.1): 202, 200, 400 unknown id, 422 marking, 524 expired; else unknown. */
export function fromOrangeStatus(httpStatus: number, body: unknown): ReportOutcome {
  switch (httpStatus) {
    case 202:
      return { kind: "pending" };
    case 400:
      return { kind: "not_found" };
    case 422:
      return { kind: "failed", message: `Orange Data: проверка кодов маркировки не пройдена${details(body)}`, code: "422", newIdNeeded: false };
    case 524:
      return { kind: "failed", message: "Orange Data не успел обработать чек до истечения срока в очереди", code: "524", newIdNeeded: true };
    case 200:
      return fromDone(body);
    default:
      return { kind: "unknown", message: `Orange Data ответил HTTP ${httpStatus}` };
  }
}

function fromDone(body: unknown): ReportOutcome {
  const parsed = doneSchema.safeParse(body);
  const fiscalAt = parsed.success ? parseOrangeProcessedAt(parsed.data.processedAt) : undefined;
  if (!parsed.success || fiscalAt === undefined) return { kind: "unknown", message: "В ответе Orange Data нет фискальных данных чека" };
  const d = parsed.data;
  const fiscal: FiscalResult = {
    regNumberKkt: d.deviceRN,
    fnNumber: d.fsNumber,
    fiscalDocNumber: d.documentNumber,
    fiscalDocAttr: d.fp,
    // тег 1042; older answers may lack it.
    fiscalReceiptNumber: d.documentIndex ?? 0,
    shiftNumber: d.shiftNumber,
    fiscalAt,
    fiscalAtRaw: d.processedAt,
    ...paidTotal(d),
    ...(d.fsNumber.startsWith("9999") ? { test: true } : {}),
  };
  return { kind: "done", fiscal };
}

/** Paid minus cash change. */
function paidTotal(d: z.infer<typeof doneSchema>): { totalKop?: number } {
  const payments = d.content?.checkClose?.payments;
  if (!payments || payments.length === 0) return {};
  const paid = payments.map((p) => rublesToKop(p.amount));
  const change = d.change == null ? 0 : rublesToKop(d.change);
  if (change === null || paid.some((a) => a === null)) return {};
  return { totalKop: (paid as number[]).reduce((a, b) => a + b, 0) - change };
}

function details(body: unknown): string {
  const parsed = errorsSchema.safeParse(body);
  return parsed.success && parsed.data.errors.length > 0 ? `: ${parsed.data.errors.join("; ")}` : "";
}
