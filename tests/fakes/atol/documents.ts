/**
 * Documents of the fake ATOL server: body validation as code 32 does it (cloud-cashbox-providers.md §1.3–1.4, §2.6),
 * the wait → done/fail life cycle, and the report body (§1.4, lamoda "done" fixture).
 */
import { createHash } from "node:crypto";
import { AtolHttpError } from "./errors";
import type { AtolState } from "./state";
import { atolTimestamp } from "./time";

export const ATOL_OPERATIONS = ["sell", "sell_refund", "sell_correction", "sell_refund_correction"] as const;
export type AtolOperation = (typeof ATOL_OPERATIONS)[number];

export type AtolErrorType = "system" | "driver" | "timeout" | "unknown" | "agent";

export interface AtolDocument {
  uuid: string;
  groupCode: string;
  externalId: string;
  operation: AtolOperation;
  /** The request body as received. */
  body: Record<string, unknown>;
  callbackUrl?: string;
  status: "wait" | "done" | "fail";
  /** Real time of registration (ms). */
  createdAtMs: number;
  /** Shifted server time when it was fiscalised or failed. */
  settledAtMs?: number;
  payload?: Record<string, unknown>;
  error?: { code: number; text: string; type: AtolErrorType };
  /** Decided at registration or by `failDocument()`: how the document ends. */
  outcome: { kind: "done" } | { kind: "fail"; code: number; text: string; type: AtolErrorType };
}

const TIMESTAMP = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;
const DATE = /^\d{2}\.\d{2}\.\d{4}$/;

const invalid = (field: string, kind = "Required") =>
  new AtolHttpError(400, 32, `Ошибка валидации входного чека. Ошибочные поля : ${kind}: #/${field}`, "system");

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const kop = (rub: number) => Math.round(rub * 100);

/**
 * Rejects obviously bad documents with code 32 (nothing is stored): missing external_id/timestamp, no items,
 * item sum ≠ price × quantity beyond 1 kopeck, payments ≠ total, total off Σ sums by ≥ 1 ₽.
 */
export function validateDocument(operation: AtolOperation, body: Record<string, unknown>): { externalId: string; callbackUrl?: string } {
  const externalId = body.external_id;
  if (typeof externalId !== "string" || externalId.length === 0 || externalId.length > 128) throw invalid("external_id");
  if (typeof body.timestamp !== "string" || !TIMESTAMP.test(body.timestamp)) throw invalid("timestamp", "Pattern");
  const isCorrection = operation.endsWith("_correction");
  const key = isCorrection ? "correction" : "receipt";
  const receipt = obj(body[key]);
  if (!receipt) throw invalid(key);
  const company = obj(receipt.company);
  if (!company || typeof company.inn !== "string" || !/^\d{10}$|^\d{12}$/.test(company.inn)) throw invalid(`${key}.company.inn`);
  if (typeof company.payment_address !== "string") throw invalid(`${key}.company.payment_address`);
  if (isCorrection) {
    const info = obj(receipt.correction_info);
    if (!info || (info.type !== "self" && info.type !== "instruction")) throw invalid(`${key}.correction_info.type`);
    if (typeof info.base_date !== "string" || !DATE.test(info.base_date)) throw invalid(`${key}.correction_info.base_date`, "Pattern");
  }
  const items = receipt.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) throw invalid(`${key}.items`, "ArrayTooShort");
  let itemsKop = 0;
  items.forEach((raw, i) => {
    const item = obj(raw);
    const price = num(item?.price);
    const quantity = num(item?.quantity);
    const sum = num(item?.sum);
    if (!item || typeof item.name !== "string" || !item.name) throw invalid(`${key}.items[${i}].name`);
    if (price === undefined || quantity === undefined || sum === undefined || price < 0 || quantity <= 0 || sum < 0) {
      throw invalid(`${key}.items[${i}]`, "NumberTooSmall");
    }
    if (Math.abs(kop(price * quantity) - kop(sum)) > 1) throw invalid(`${key}.items[${i}].sum`, "SumMismatch");
    if (!obj(item.vat) || typeof obj(item.vat)!.type !== "string") throw invalid(`${key}.items[${i}].vat.type`);
    itemsKop += kop(sum);
  });
  const payments = receipt.payments;
  if (!Array.isArray(payments) || payments.length === 0 || payments.length > 10) throw invalid(`${key}.payments`, "ArrayTooShort");
  let paymentsKop = 0;
  payments.forEach((raw, i) => {
    const p = obj(raw);
    const sum = num(p?.sum);
    if (!p || num(p.type) === undefined || sum === undefined || sum < 0) throw invalid(`${key}.payments[${i}]`);
    paymentsKop += kop(sum);
  });
  const total = num(receipt.total);
  if (total === undefined || total <= 0) throw invalid(`${key}.total`, "NumberTooSmall");
  if (paymentsKop !== kop(total)) throw invalid(`${key}.payments`, "PaymentsNotEqualTotal");
  if (Math.abs(itemsKop - kop(total)) >= 100) throw invalid(`${key}.total`, "TotalMismatch");
  const service = obj(body.service);
  const callbackUrl = typeof service?.callback_url === "string" && service.callback_url ? service.callback_url : undefined;
  return { externalId, callbackUrl };
}

/** Report body for a document (§1.4): wait carries error 34, done carries the fiscal payload. */
export function reportBody(state: AtolState, doc: AtolDocument): Record<string, unknown> {
  const wait = doc.status === "wait";
  return {
    uuid: doc.uuid,
    status: doc.status,
    error: wait
      ? { error_id: doc.uuid, code: 34, text: "Состояние чека не найдено. Попробуйте позднее", type: "system" }
      : doc.error
        ? { error_id: doc.uuid, ...doc.error }
        : null,
    payload: doc.status === "done" ? doc.payload : null,
    timestamp: state.timestamp(),
    group_code: doc.groupCode,
    daemon_code: "inttest-agent",
    device_code: "KKT000120",
    external_id: doc.externalId,
    callback_url: doc.callbackUrl ?? "",
    warnings: null,
  };
}

/** Moves a waiting document to its outcome once its processing delay is over. Returns true when it changed. */
export function settle(state: AtolState, doc: AtolDocument, force = false): boolean {
  if (doc.status !== "wait") return false;
  if (!force && Date.now() - doc.createdAtMs < state.processingDelayMs) return false;
  doc.settledAtMs = state.nowMs();
  if (doc.outcome.kind === "fail") {
    doc.status = "fail";
    doc.error = { code: doc.outcome.code, text: doc.outcome.text, type: doc.outcome.type };
    return true;
  }
  const receipt = obj(doc.body.receipt) ?? obj(doc.body.correction) ?? {};
  const fpd = parseInt(createHash("sha256").update(doc.uuid).digest("hex").slice(0, 8), 16) % 4_000_000_000;
  doc.status = "done";
  doc.payload = {
    total: receipt.total,
    fns_site: "www.nalog.ru",
    fn_number: "9999078900006211",
    shift_number: 173,
    receipt_datetime: atolTimestamp(doc.settledAtMs),
    fiscal_receipt_number: state.nextFiscalReceiptNumber++,
    fiscal_document_number: state.nextFiscalDocumentNumber++,
    ecr_registration_number: "0000000005020922",
    fiscal_document_attribute: fpd,
  };
  return true;
}

/** ATOL's terminal queue timeout (§1.5 "timeout/1": not fiscalised, resend with a new external_id). */
export const QUEUE_TIMEOUT = { code: 1, text: "Истекло время ожидания обработки чека (300 с). Чек не фискализирован", type: "timeout" } as const;
