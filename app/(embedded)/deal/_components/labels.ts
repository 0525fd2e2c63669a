import type { BadgeTone } from "@/app/_components/badge";
import type { DealPayment, DealReceipt, ReceiptKind, ReceiptPreview, ReceiptStatus } from "@/lib/client/api";
import type { Translate } from "@/app/_components/lang-provider";
import type { MessageKey } from "@/lib/i18n";

export const kindLabel: Record<ReceiptKind, MessageKey> = {
  prepayment: "deal.kind.prepayment",
  full_payment: "deal.kind.full_payment",
  advance: "deal.kind.advance",
  offset: "deal.kind.offset",
  refund: "deal.kind.refund",
  correction: "deal.kind.correction",
  credit: "deal.kind.credit",
};

type StatusView = { label: MessageKey; tone: BadgeTone; variant: "tinted" | "filled" };

// Final states are filled badges, everything still moving is tinted (Air: style-filled-* / style-tinted-*).
export const statusView: Record<ReceiptStatus, StatusView> = {
  accepted: { label: "deal.status.accepted", tone: "primary", variant: "tinted" },
  registering: { label: "deal.status.registering", tone: "primary", variant: "tinted" },
  registered: { label: "deal.status.registered", tone: "primary", variant: "tinted" },
  fiscalised: { label: "deal.status.done", tone: "success", variant: "filled" },
  done: { label: "deal.status.done", tone: "success", variant: "filled" },
  failed: { label: "deal.status.failed", tone: "alert", variant: "filled" },
  needs_attention: { label: "deal.status.needs_attention", tone: "warning", variant: "tinted" },
};

export function isFinal(status: ReceiptStatus): boolean {
  return status === "done" || status === "fiscalised" || status === "failed" || status === "needs_attention";
}

export function isPrinted(status: ReceiptStatus): boolean {
  return status === "done" || status === "fiscalised";
}

/** A refund receipt can be made only for a printed receipt of an incoming payment. */
export function canRefund(receipt: DealReceipt): boolean {
  return isPrinted(receipt.status) && receipt.kind !== "refund" && receipt.kind !== "correction";
}

export const paymentTypeLabel: Record<ReceiptPreview["payments"][number]["type"], MessageKey> = {
  cash: "deal.pay.cash",
  cashless: "deal.pay.cashless",
  advance: "deal.pay.advance",
  credit: "deal.pay.credit",
};

const vatKeys: Record<string, MessageKey> = {
  none: "form.vat.none",
  vat0: "form.vat.vat0",
  vat5: "form.vat.vat5",
  vat7: "form.vat.vat7",
  vat10: "form.vat.vat10",
  vat20: "form.vat.vat20",
  vat22: "form.vat.vat22",
};

/** vat22 → «НДС 22 %», vat122 / vat22_122 → «НДС 22/122» (the calculated rate of prepayments); unknown codes as they are. */
export function vatLabel(code: string, tr: Translate): string {
  const known = vatKeys[code];
  if (known) return tr(known);
  const calc = /^vat(\d{1,2})_?(1\d{2})$/.exec(code) ?? /^vat1(\d{2})$/.exec(code);
  if (calc) {
    const rate = Number(calc[1]);
    const base = calc[2] ? Number(calc[2]) : 100 + rate;
    if (base === 100 + rate) return tr("deal.vat.calc", { rate, base });
  }
  return code;
}

/** The one-line state of a payment for its card header, the most urgent first. */
export function paymentState(payment: DealPayment): { label: MessageKey; tone: BadgeTone } {
  const statuses = payment.receipts.map((receipt) => receipt.status);
  if (statuses.includes("failed")) return { label: "deal.payment.state.failed", tone: "alert" };
  if (statuses.includes("needs_attention")) return { label: "deal.payment.state.attention", tone: "warning" };
  if (payment.todo.length > 0) return { label: "deal.payment.state.todo", tone: "warning" };
  if (statuses.some((status) => !isFinal(status))) return { label: "deal.payment.state.inProgress", tone: "primary" };
  if (!payment.paid) return { label: "deal.payment.state.unpaid", tone: "neutral" };
  if (statuses.length > 0) return { label: "deal.payment.state.done", tone: "success" };
  return { label: "deal.payment.state.noReceipts", tone: "neutral" };
}
