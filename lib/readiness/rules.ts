import type { Readiness, ReadinessFacts, ReadinessItem } from "./types";

// The readiness check's rules: pure, one function per item, each saying what is wrong and (through its reason) what
// to do about it. Order is the order an admin fixes things in.

function cashbox(f: ReadinessFacts): ReadinessItem {
  if (!f.profile) return { id: "cashbox", status: "fail", reason: "missing" };
  if (!f.profile.hasCredentials) return { id: "cashbox", status: "fail", reason: "noCredentials", vars: { name: f.profile.name } };
  return { id: "cashbox", status: "ok", reason: f.profile.mode, vars: { name: f.profile.name } };
}

/** Every catalog VAT id must map to a VAT code, or PRINT_URL refuses receipts carrying it. */
function vat(f: ReadinessFacts): ReadinessItem {
  if (!f.profile) return { id: "vat", status: "fail", reason: "noCashbox" };
  if (!f.catalogVats) return { id: "vat", status: "warn", reason: "unknown" };
  const missing = f.catalogVats.filter((v) => !f.profile!.vatMap[v.id]);
  if (missing.length) return { id: "vat", status: "fail", reason: "unmapped", vars: { names: missing.map((v) => `«${v.name}»`).join(", "), count: missing.length } };
  return { id: "vat", status: "ok", reason: "mapped", vars: { count: f.catalogVats.length } };
}

function contact(f: ReadinessFacts): ReadinessItem {
  if (!f.profile) return { id: "contact", status: "fail", reason: "noCashbox" };
  return { id: "contact", status: "ok", reason: f.profile.contactPolicy };
}

/** Bitrix24 builds the receipt link in CRM from the fiscal data and the cashbox's OFD; without one there is no link. */
function ofd(f: ReadinessFacts): ReadinessItem {
  if (!f.profile || f.profile.bitrixCashboxId === null) return { id: "ofd", status: "fail", reason: "noCashbox" };
  if (f.bitrixCashbox === undefined) return { id: "ofd", status: "warn", reason: "unknown" };
  if (!f.bitrixCashbox?.ofd) return { id: "ofd", status: "fail", reason: "missing" };
  return { id: "ofd", status: "ok", reason: "chosen", vars: { ofd: f.bitrixCashbox.ofd } };
}

function salesCenter(f: ReadinessFacts): ReadinessItem {
  if (!f.profile) return { id: "salesCenter", status: "fail", reason: "noCashbox" };
  if (f.bitrixCashbox === undefined) return { id: "salesCenter", status: "warn", reason: "unknown" };
  if (f.profile.bitrixCashboxId === null || f.bitrixCashbox === null) return { id: "salesCenter", status: "fail", reason: "notRegistered" };
  if (!f.bitrixCashbox.active || !f.bitrixCashbox.enabled) return { id: "salesCenter", status: "fail", reason: "inactive" };
  return { id: "salesCenter", status: "ok", reason: "active" };
}

/**
 * Bitrix24 prints automatically only when every active REST cashbox's handler says SUPPORTS_FFD105 (else no
 * prepayment/advance receipts portal-wide), and only for orders with a single payment.
 */
function autoPrint(f: ReadinessFacts): ReadinessItem {
  if (f.handlerSupportsFfd105 === undefined) return { id: "autoPrint", status: "warn", reason: "unknown" };
  if (!f.handlerSupportsFfd105) return { id: "autoPrint", status: "fail", reason: "noFfd105" };
  if (f.otherActiveCashboxes > 0) return { id: "autoPrint", status: "warn", reason: "otherCashboxes", vars: { count: f.otherActiveCashboxes } };
  if (f.ordersWithSeveralPayments > 0) return { id: "autoPrint", status: "warn", reason: "severalPayments", vars: { count: f.ordersWithSeveralPayments } };
  return { id: "autoPrint", status: "ok", reason: "ready" };
}

function testReceipt(f: ReadinessFacts): ReadinessItem {
  if (!f.profile) return { id: "testReceipt", status: "fail", reason: "noCashbox" };
  const r = f.testReceipt;
  if (!r) return { id: "testReceipt", status: canTest(f) ? "fail" : "warn", reason: canTest(f) ? "none" : "liveMode" };
  if (r.status === "done" || r.status === "fiscalised") return { id: "testReceipt", status: "ok", reason: "fiscalised", vars: { at: r.fiscalisedAt?.toISOString() ?? "" } };
  if (r.status === "failed" || r.status === "needs_attention") return { id: "testReceipt", status: "fail", reason: "failed", vars: { error: r.lastError ?? "—" } };
  return { id: "testReceipt", status: "pending", reason: "pending" };
}

function canTest(f: ReadinessFacts): boolean {
  return !!f.profile && (f.profile.mode === "test" || f.profile.provider === "sandbox");
}

export function evaluateReadiness(f: ReadinessFacts): Readiness {
  const items = [cashbox(f), vat(f), contact(f), ofd(f), salesCenter(f), autoPrint(f), testReceipt(f)];
  return {
    profileId: f.profile?.id ?? null,
    canSendTestReceipt: canTest(f) && f.testReceipt?.status !== "accepted" && f.testReceipt?.status !== "registering" && f.testReceipt?.status !== "registered",
    // Warnings inform; only failures (and a receipt still on its way) keep the portal from being ready.
    ready: items.every((i) => i.status === "ok" || i.status === "warn"),
    items,
  };
}
