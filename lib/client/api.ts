// Browser side of the JSON API: contract types, apiFetch() and the SWR fetcher.
// Third-party cookies are unreliable inside the Bitrix24 iframe, so the frame entry handler hands us a
// session token in the URL hash (#token=…); we keep it in sessionStorage and send it as a Bearer header.

export type VatCode = "none" | "vat0" | "vat5" | "vat7" | "vat10" | "vat20" | "vat22";
export type Sno = "osn" | "usn_income" | "usn_income_outcome" | "esn" | "patent";
export type CashboxMode = "test" | "live";
export type ContactPolicy = "email_or_phone" | "email_only" | "phone_only";

export type Me = {
  /** timezone: IANA name of the portal's zone ("Asia/Yekaterinburg"); null or absent → Moscow time. */
  portal: { id: string; domain: string; memberId: string; timezone?: string | null };
  /** isSupport: named by the admin as support (the console is open to admins and them). */
  user: { id: string; name: string; isAdmin: boolean; isSupport?: boolean };
  lang: "ru" | "en";
};

export type ProviderName = "atol" | "evotor" | "orangedata" | "sandbox";

/**
 * What the server shows back of a cashbox's access data, per provider: ATOL/Evotor `{ login, groupCode, passwordSet }`,
 * Orange Data `{ group, key?, clientCertSet, clientKeySet, signingKeySet }`, sandbox `{}`. Secrets only as "…Set" flags.
 */
export type CashboxCredentialsView = {
  login?: string;
  groupCode?: string;
  passwordSet?: boolean;
  group?: string;
  key?: string;
  clientCertSet?: boolean;
  clientKeySet?: boolean;
  signingKeySet?: boolean;
};

export type Cashbox = {
  id: string;
  name: string;
  provider: ProviderName;
  mode: CashboxMode;
  credentials: CashboxCredentialsView;
  company: { inn: string; sno: Sno; paymentAddress: string; email: string };
  /** Keyed by the portal's catalog VAT id. */
  vatMap: Record<string, VatCode>;
  contactPolicy: ContactPolicy;
  bitrix: { cashboxId: number | null; status: "synced" | "error"; error: string | null };
  active: boolean;
  updatedAt: string;
};

/**
 * POST body. Credentials per provider: ATOL/Evotor `{ login, password, groupCode }`, Orange Data
 * `{ group, key?, clientCert, clientKey, signingKey }` (PEM), sandbox `{}` (and mode "test").
 */
export type CashboxInput = {
  name: string;
  provider: ProviderName;
  mode: CashboxMode;
  credentials: Record<string, string>;
  company: Cashbox["company"];
  vatMap?: Record<string, VatCode>;
  contactPolicy?: ContactPolicy;
};

/** PATCH body: the provider is fixed after creation; an omitted (or empty) secret keeps the stored one. */
export type CashboxPatch = Partial<Omit<CashboxInput, "provider">>;

export type CatalogVat = { id: string; name: string; rate: number | null; suggested: VatCode };

export type FieldErrors = Record<string, string>;

// ---------- Deal tab: payments of a deal and their receipts ----------

export type ReceiptKind = "prepayment" | "full_payment" | "advance" | "offset" | "refund" | "correction" | "credit";
export type ReceiptStatus =
  | "accepted"
  | "registering"
  | "registered"
  | "fiscalised"
  | "done"
  | "failed"
  | "needs_attention";

export type ReceiptFiscal = {
  fnNumber: string;
  fiscalDocNumber: number;
  fiscalDocAttr: string;
  shiftNumber: number;
  fiscalReceiptNumber: number;
  regNumberKkt: string;
  /** ISO date-time; shown in the portal's time zone. */
  fiscalAt: string;
  /** Printed by a test cashbox (provider test mode or the sandbox): not a real fiscal document. */
  test?: boolean;
};

export type DealReceipt = {
  id: string;
  kind: ReceiptKind;
  status: ReceiptStatus;
  totalKop: number;
  fiscal: ReceiptFiscal | null;
  ofdUrl: string | null;
  /** An inline <svg> of the FNS receipt QR code (built by our server, not user input). */
  qrSvg: string | null;
  /** The buyer e-mail or phone the receipt went to. */
  contact: string | null;
  lastError: string | null;
  match: { confidence: number; method: "auto" | "manual" | "app" };
};

export type DealTodoKind = "no_receipt" | "offset_missing";

export type DealPayment = {
  id: number;
  accountNumber: string | null;
  sumKop: number;
  currency: string;
  paid: boolean;
  datePaid: string | null;
  paySystemName: string | null;
  receipts: DealReceipt[];
  /** What is still owed fiscally for this payment; message is Russian text from the server. */
  todo: Array<{ kind: DealTodoKind; message: string }>;
};

/** GET /api/deals/:dealId */
export type DealLedger = {
  deal: { id: number; title: string | null };
  payments: DealPayment[];
  /** Receipts of the portal that may belong to this deal but were not matched with confidence. */
  unmatched: DealReceipt[];
  /** Some receipt is not final yet: the page polls while this is true. */
  pending: boolean;
  syncedAt: string | null;
};

/** What a new receipt for a payment will be: "full" = full settlement, "offset" = зачёт аванса. */
export type NewReceiptKind = "full" | "offset";

export type ReceiptPreview = {
  items: Array<{ name: string; quantity: number; priceKop: number; sumKop: number; vat: string }>;
  payments: Array<{ type: "cash" | "cashless" | "advance" | "credit"; sumKop: number }>;
  totalKop: number;
  warnings: string[];
};

export const dealApi = {
  ledger: (dealId: string | number) => `/api/deals/${encodeURIComponent(String(dealId))}`,
  preview: (dealId: string | number, paymentId: number) =>
    `/api/deals/${encodeURIComponent(String(dealId))}/payments/${paymentId}/preview`,
  receipt: (dealId: string | number, paymentId: number) =>
    `/api/deals/${encodeURIComponent(String(dealId))}/payments/${paymentId}/receipt`,
  resend: (receiptId: string) => `/api/receipts/${encodeURIComponent(receiptId)}/resend`,
  refund: (receiptId: string) => `/api/receipts/${encodeURIComponent(receiptId)}/refund`,
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields?: FieldErrors;

  constructor(status: number, code: string, message: string, fields?: FieldErrors) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export const TOKEN_STORAGE_KEY = "b24kassa.token";

// Fallback for browsers that refuse sessionStorage in a third-party iframe (it throws SecurityError there).
let memoryToken: string | null = null;

function readToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

function storeToken(token: string) {
  memoryToken = token;
  try {
    window.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // memoryToken keeps this page working; a reload will need a fresh token from Bitrix24.
  }
}

/** Moves `#token=<jwt>` into sessionStorage and strips it from the address bar so it is not shared or logged. */
export function captureHashToken(): void {
  if (typeof window === "undefined" || !window.location.hash.includes("token=")) return;
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get("token");
  if (!token) return;
  storeToken(token);
  params.delete("token");
  const rest = params.toString();
  const url = window.location.pathname + window.location.search + (rest ? `#${rest}` : "");
  window.history.replaceState(window.history.state, "", url);
}

// Run before the first render asks for data; apiFetch calls it again in case this module loaded early.
captureHashToken();

export type ApiInit = Omit<RequestInit, "body"> & { body?: BodyInit | null; json?: unknown };

export async function apiFetch<T>(path: string, init: ApiInit = {}): Promise<T> {
  captureHashToken();
  const { json, headers: extraHeaders, ...rest } = init;
  const headers = new Headers(extraHeaders);
  headers.set("Accept", "application/json");
  const token = readToken();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (json !== undefined) headers.set("Content-Type", "application/json");

  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers,
      credentials: "include",
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch {
    throw new ApiError(0, "network", "Нет связи с сервером");
  }

  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(res.status, data);
  return data as T;
}

function toApiError(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null)?.error;
  const code = typeof error?.code === "string" ? error.code : `http_${status}`;
  const message = typeof error?.message === "string" ? error.message : `Ошибка сервера (${status})`;
  const fields = error?.fields && typeof error.fields === "object" ? (error.fields as FieldErrors) : undefined;
  return new ApiError(status, code, message, fields);
}

/** SWR fetcher: the key is the API path. */
export const fetcher = <T>(path: string): Promise<T> => apiFetch<T>(path);
