// Browser-side contract of the support console API (types and paths only: no server code, safe in client bundles).

export type QueueItem = {
  type: "mismatch" | "receipt";
  id: string;
  kind: string;
  cause: string;
  status: "open" | "resolved";
  day: string;
  at: string;
  dealId: number | null;
  paymentId: number | null;
  profileId: string | null;
  expectedKop: number;
  actualKop: number;
  deltaKop: number;
  assigneeId: number | null;
  note: string | null;
  lastError: string | null;
};

export type Cashbox = { id: string; name: string };

export type QueueResponse = {
  items: QueueItem[];
  total: number;
  page: number;
  pageSize: number;
  counts: { mismatches: number; receipts: number; openByKind: Record<string, number> };
  zone: string;
  cashboxes: Cashbox[];
};

export type Attempt = { kind: string; outcome: string; externalId: string | null; latencyMs: number; at: string; detail: Record<string, unknown> };

export type ReceiptTrace = {
  id: string;
  source: string;
  checkType: string;
  operation: string;
  status: string;
  totalKop: number;
  attempt: number;
  externalId: string;
  providerUuid: string | null;
  refersToId: string | null;
  fiscal: { fnNumber: string; fiscalDocNumber: number; fiscalDocAttr: string; shiftNumber: number; fiscalAt: number; fiscalAtRaw: string; totalKop?: number } | null;
  fiscalAt: string | null;
  lastError: string | null;
  receipt: unknown;
  createdAt: string;
  bitrixCreatedAt: string | null;
  attempts: Attempt[];
  bitrixPayload: unknown;
  profileId: string;
  paymentId: number | null;
  dealId: number | null;
};

export type MismatchView = {
  id: string;
  key: string;
  kind: string;
  cause: string;
  receiptIds: string[];
  paymentId: number | null;
  dealId: number | null;
  expectedKop: number;
  actualKop: number;
  deltaKop: number;
  evidence: Record<string, unknown>;
  day: string;
  status: "open" | "resolved";
  profileId: string | null;
  assigneeId: number | null;
  resolvedBy: number | null;
  resolvedAt: string | null;
  note: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
};

export type PaymentView = { paymentId: number; dealId: number | null; accountNumber: string | null; sumKop: number; currency: string; paid: boolean; datePaid: string | null; paySystemName: string | null };
export type ClockView = { source: "portal" | "provider" | "fiscal"; method: string; profileId: string | null; offsetMs: number; uncertaintyMs: number; rttMs: number | null; zone: string | null; receiptId: string | null; measuredAt: string };
export type AuditView = { id: number; userId: number | null; action: string; subject: string | null; details: Record<string, unknown>; at: string };

type DetailCommon = { payment: PaymentView | null; clocks: ClockView[]; audit: AuditView[]; zone: string; cashboxes: Cashbox[]; supportUserIds: number[] };
export type MismatchDetail = DetailCommon & { type: "mismatch"; mismatch: MismatchView; receipts: ReceiptTrace[] };
export type ReceiptDetail = DetailCommon & { type: "receipt"; receipt: ReceiptTrace; mismatches: MismatchView[] };

export type Amounts = { paymentsKop: number; receiptsKop: number; fiscalKop: number; receiptsVsPaymentsKop: number; fiscalVsReceiptsKop: number };
export type VatAmounts = { vat: string; receiptsKop: number; fiscalKop: number };
export type ReportResponse = {
  report: {
    from: string;
    to: string;
    zone: string;
    days: Array<Amounts & { day: string; cells: Array<Amounts & { day: string; profileId: string | null; vats: VatAmounts[] }>; vats: VatAmounts[] }>;
    byCashbox: Array<Amounts & { profileId: string | null }>;
    byVat: VatAmounts[];
    vatCodes: string[];
    totals: Amounts;
  };
  cashboxes: Cashbox[];
};

export type SupportSettings = { supportUserIds: number[]; notifyUserId: number | null; defaultNotifyUserId: number | null; digestMinutes: number; lastDigestAt: string | null };

export type Person = { id: number; name: string | null; support: boolean };

const enc = encodeURIComponent;
export const supportApi = {
  queue: (query: string) => `/api/support/queue${query ? `?${query}` : ""}`,
  mismatch: (id: string) => `/api/support/mismatches/${enc(id)}`,
  resolve: (id: string) => `/api/support/mismatches/${enc(id)}/resolve`,
  reopen: (id: string) => `/api/support/mismatches/${enc(id)}/reopen`,
  assign: (id: string) => `/api/support/mismatches/${enc(id)}/assign`,
  receipt: (id: string) => `/api/support/receipts/${enc(id)}`,
  resend: (id: string) => `/api/receipts/${enc(id)}/resend`,
  refund: (id: string) => `/api/receipts/${enc(id)}/refund`,
  correction: (id: string) => `/api/receipts/${enc(id)}/correction`,
  report: (from: string, to: string) => `/api/support/report?from=${enc(from)}&to=${enc(to)}`,
  reportCsv: (from: string, to: string) => `/api/support/report/csv?from=${enc(from)}&to=${enc(to)}`,
  settings: "/api/support/settings",
  people: "/api/support/people",
};
