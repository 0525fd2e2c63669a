import type { ContactPolicy, ProviderName, ReceiptStatus, VatCode } from "@/lib/db/schema";

// Plain facts the readiness check judges, gathered from our database and the portal (gather.ts), and the verdicts.

export const OFD_CODES = ["bx_firstofd", "bx_platformaofd", "bx_yarusofd", "bx_taxcomofd", "bx_ofdruofd", "bx_tenzorofd", "bx_conturofd"] as const;
export type OfdCode = (typeof OFD_CODES)[number];

export interface ReadinessFacts {
  /** The cashbox profile checked (the first active one), null when the portal has none. */
  profile: {
    id: string;
    name: string;
    provider: ProviderName;
    mode: "test" | "live";
    vatMap: Record<string, VatCode>;
    contactPolicy: ContactPolicy;
    hasCredentials: boolean;
    bitrixCashboxId: number | null;
  } | null;
  /** catalog.vat.list; null when the portal did not answer. */
  catalogVats: Array<{ id: string; name: string }> | null;
  /** Our cashbox as sale.cashbox.list shows it; null = not found there, undefined = the portal did not answer. */
  bitrixCashbox: { active: boolean; enabled: boolean; ofd: string } | null | undefined;
  /** Active cashboxes of the portal that are not ours (their handlers also decide FFD 1.05, portal-wide). */
  otherActiveCashboxes: number;
  /** SETTINGS.SUPPORTS_FFD105 of our handler; undefined when the portal did not answer or has no handler. */
  handlerSupportsFfd105: boolean | undefined;
  /** Orders (from the payments snapshot) with more than one payment: Bitrix24 prints none of them automatically. */
  ordersWithSeveralPayments: number;
  /** The latest test receipt of the profile. */
  testReceipt: { status: ReceiptStatus; fiscalisedAt: Date | null; lastError: string | null } | null;
}

export type ReadinessStatus = "ok" | "warn" | "fail" | "pending";

export type ReadinessItemId = "cashbox" | "vat" | "contact" | "ofd" | "salesCenter" | "autoPrint" | "testReceipt";

/** One line of the check: `reason` picks the message (`readiness.<id>.<reason>` in i18n), `vars` fill it. */
export interface ReadinessItem {
  id: ReadinessItemId;
  status: ReadinessStatus;
  reason: string;
  vars?: Record<string, string | number>;
}

export interface Readiness {
  profileId: string | null;
  /** Test receipts are allowed only on a test-mode profile (or the sandbox). */
  canSendTestReceipt: boolean;
  ready: boolean;
  items: ReadinessItem[];
}
