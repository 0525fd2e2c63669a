import { z } from "zod";
import { kopToRub, milliToQuantity, rublesToKop } from "@/lib/receipts/money";
import type { DomainReceipt, FiscalResult, PaymentType, ReceiptItem } from "@/lib/receipts/types";
import type { ReportOutcome } from "../types";

// Domain receipt ↔ ATOL v5 JSON (providers §1.3–1.6; sushi-market/atol-online-sdk V5 DTOs), pure.

const MSK_OFFSET_MS = 3 * 3600_000;
const TIMESTAMP = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

/** unix ms → ATOL's `dd.mm.yyyy HH:MM:SS` in Moscow time (UTC+3, no DST since 2014). */
export function formatMoscowTimestamp(ms: number): string {
  const d = new Date(ms + MSK_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** ATOL's naive Moscow `dd.mm.yyyy HH:MM:SS` → unix ms; undefined unless a real date-time. */
export function parseMoscowTimestamp(value: string | undefined): number | undefined {
  const m = value ? TIMESTAMP.exec(value.trim()) : null;
  if (!m) return undefined;
  const [dd, mm, yyyy, hh, mi, ss] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(yyyy, mm - 1, dd, hh, mi, ss);
  const back = new Date(ms);
  if (back.getUTCDate() !== dd || back.getUTCMonth() !== mm - 1 || hh > 23 || mi > 59 || ss > 59) return undefined;
  return ms - MSK_OFFSET_MS;
}

/** providers §2.4. */
const PAYMENT_TYPE: Record<PaymentType, number> = { cash: 0, cashless: 1, advance: 2, credit: 3 };

export interface AtolDocumentOptions {
  externalId: string;
  callbackUrl?: string;
  /** Unix ms. */
  now: number;
}

/** Body for `/{group_code}/{operation}`: `receipt`, or `correction` with `correction_info`; money in rubles. */
export function toAtolDocument(receipt: DomainReceipt, opts: AtolDocumentOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {
    client: atolClient(receipt.client),
    company: {
      email: receipt.company.email,
      sno: receipt.company.sno,
      inn: receipt.company.inn,
      payment_address: receipt.company.paymentAddress,
    },
    items: receipt.items.map(atolItem),
    payments: receipt.payments.map((p) => ({ type: PAYMENT_TYPE[p.type], sum: kopToRub(p.sumKop) })),
    total: kopToRub(receipt.totalKop),
  };
  if (!body.client) delete body.client;
  const isCorrection = receipt.operation === "sell_correction" || receipt.operation === "sell_refund_correction";
  if (isCorrection) {
    const info = receipt.correction;
    if (!info) throw new Error("Correction receipt without correction info");
    const [y, m, d] = info.baseDate.split("-");
    body.correction_info = { type: info.type, base_date: `${d}.${m}.${y}`, ...(info.baseNumber ? { base_number: info.baseNumber } : {}) };
  }
  return {
    external_id: opts.externalId,
    timestamp: formatMoscowTimestamp(opts.now),
    ...(opts.callbackUrl ? { service: { callback_url: opts.callbackUrl } } : {}),
    [isCorrection ? "correction" : "receipt"]: body,
  };
}

function atolClient(client: DomainReceipt["client"]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (client.email) out.email = client.email;
  if (client.phone) out.phone = client.phone.startsWith("+") ? client.phone : `+${client.phone}`;
  return Object.keys(out).length > 0 ? out : undefined;
}

function atolItem(item: ReceiptItem): Record<string, unknown> {
  return {
    name: item.name,
    price: kopToRub(item.priceKop),
    quantity: milliToQuantity(item.quantityMilli),
    measure: item.measure,
    sum: kopToRub(item.sumKop),
    payment_method: item.paymentMethod,
    payment_object: item.paymentObject,
    vat: { type: item.vat },
    // Bitrix sends the raw code; its own v5 handler sends base64 as `gs1m` with processing mode "0" (cashboxatolfarmv5.php).
    ...(item.markCode ? { mark_processing_mode: "0", mark_code: { gs1m: Buffer.from(item.markCode, "utf8").toString("base64") } } : {}),
  };
}

/** ATOL sends `fiscal_document_attribute` as a number in fixtures, a string in the doc. */
const text = z.union([z.string().min(1), z.number()]).transform(String);
const integer = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

const atolError = z
  .object({
    code: z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]).nullish(),
    text: z.string().nullish(),
    type: z.string().nullish(),
  })
  .nullish();
const reportSchema = z.object({
  status: z.enum(["wait", "done", "fail"]),
  error: atolError,
  payload: z
    .object({
      ecr_registration_number: text,
      fn_number: text,
      fiscal_document_number: integer,
      fiscal_document_attribute: text,
      fiscal_receipt_number: integer,
      shift_number: integer,
      receipt_datetime: z.string(),
      total: z.union([z.number(), z.string()]).optional(),
      ofd_receipt_url: z.string().nullish(),
    })
    .nullish(),
});

/** Driver errors about the receipt's amounts (016, 052, 053, 128, 243; providers §1.5): a resend fails the same. */
const DATA_DRIVER_ERRORS = new Set([16, 52, 53, 128, 243]);

/**
 * A report or callback body → outcome. `fail` burns the external_id (providers §0.2); `newIdNeeded` = a resend may
 * succeed unattended: timeout, device trouble, server errors yes; validation (32), wrong INN, amounts no.
 */
export function fromAtolReport(body: unknown): ReportOutcome {
  const parsed = reportSchema.safeParse(body);
  if (!parsed.success) return { kind: "unknown", message: "АТОЛ вернул непонятный отчёт о чеке" };
  const { status, error, payload } = parsed.data;
  if (status === "wait") return { kind: "pending" };
  if (status === "fail") {
    const code = error?.code;
    if (error?.type === "system" && code === 30) return { kind: "not_found" };
    return {
      kind: "failed",
      message: error?.text?.trim() || "АТОЛ не зарегистрировал чек",
      ...(code != null ? { code: String(code) } : error?.type ? { code: error.type } : {}),
      newIdNeeded: retryableFailure(error?.type, code),
    };
  }
  const fiscalAt = payload ? parseMoscowTimestamp(payload.receipt_datetime) : undefined;
  if (!payload || fiscalAt === undefined) return { kind: "unknown", message: "В отчёте АТОЛ нет фискальных данных чека" };
  const totalKop = payload.total === undefined ? null : rublesToKop(payload.total);
  const fiscal: FiscalResult = {
    regNumberKkt: payload.ecr_registration_number,
    fnNumber: payload.fn_number,
    fiscalDocNumber: payload.fiscal_document_number,
    fiscalDocAttr: payload.fiscal_document_attribute,
    fiscalReceiptNumber: payload.fiscal_receipt_number,
    shiftNumber: payload.shift_number,
    fiscalAt,
    fiscalAtRaw: payload.receipt_datetime,
    ...(totalKop !== null ? { totalKop } : {}),
    ...(payload.ofd_receipt_url ? { ofdReceiptUrl: payload.ofd_receipt_url } : {}),
    // Test ФН numbers start with 9999 (providers §1.8).
    ...(payload.fn_number.startsWith("9999") ? { test: true } : {}),
  };
  return { kind: "done", fiscal };
}

function retryableFailure(type: string | null | undefined, code: number | null | undefined): boolean {
  switch (type) {
    case "timeout":
      return true;
    case "driver":
      return code == null || !DATA_DRIVER_ERRORS.has(Math.abs(code));
    case "agent":
      // 3: дата/время ККТ некорректны.
      return code === 3;
    case "system":
      return code === 1 || code === 50;
    default:
      return false;
  }
}
