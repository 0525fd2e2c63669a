import { describe, expect, it } from "vitest";
import { evaluateReadiness } from "@/lib/readiness/rules";
import type { ReadinessFacts, ReadinessItem } from "@/lib/readiness/types";

// The readiness rules over plain facts: what each item says, and that only failures (not warnings) block "ready".

const ready: ReadinessFacts = {
  profile: {
    id: "p1",
    name: "Касса",
    provider: "atol",
    mode: "test",
    vatMap: { "1": "none", "5": "vat22" },
    contactPolicy: "email_or_phone",
    hasCredentials: true,
    bitrixCashboxId: 7,
  },
  catalogVats: [
    { id: "1", name: "Без НДС" },
    { id: "5", name: "НДС 22%" },
  ],
  bitrixCashbox: { active: true, enabled: true, ofd: "bx_firstofd" },
  otherActiveCashboxes: 0,
  handlerSupportsFfd105: true,
  ordersWithSeveralPayments: 0,
  testReceipt: { status: "done", fiscalisedAt: new Date("2026-12-03T08:00:00Z"), lastError: null },
};

const item = (facts: ReadinessFacts, id: ReadinessItem["id"]) => evaluateReadiness(facts).items.find((i) => i.id === id)!;

describe("readiness rules", () => {
  it("a fully set up portal is ready, every item ok", () => {
    const r = evaluateReadiness(ready);
    expect(r.ready).toBe(true);
    expect(r.items.map((i) => i.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok", "ok"]);
  });

  it("names the catalog VAT ids without a mapping", () => {
    const facts = { ...ready, catalogVats: [...ready.catalogVats!, { id: "9", name: "НДС 7%" }, { id: "10", name: "НДС 5%" }] };
    expect(item(facts, "vat")).toEqual({ id: "vat", status: "fail", reason: "unmapped", vars: { names: "«НДС 7%», «НДС 5%»", count: 2 } });
    expect(evaluateReadiness(facts).ready).toBe(false);
  });

  it("says «could not verify» when the portal did not answer, never «all good»", () => {
    const facts: ReadinessFacts = { ...ready, catalogVats: null, bitrixCashbox: undefined, handlerSupportsFfd105: undefined };
    expect(["vat", "ofd", "salesCenter", "autoPrint"].map((id) => item(facts, id as ReadinessItem["id"]).reason)).toEqual(["unknown", "unknown", "unknown", "unknown"]);
  });

  it("fails without an OFD, an inactive or missing Bitrix24 cashbox, or a handler without FFD 1.05", () => {
    expect(item({ ...ready, bitrixCashbox: { ...ready.bitrixCashbox!, ofd: "" } }, "ofd").reason).toBe("missing");
    expect(item({ ...ready, bitrixCashbox: { ...ready.bitrixCashbox!, active: false } }, "salesCenter").reason).toBe("inactive");
    expect(item({ ...ready, bitrixCashbox: null }, "salesCenter").reason).toBe("notRegistered");
    expect(item({ ...ready, handlerSupportsFfd105: false }, "autoPrint")).toMatchObject({ status: "fail", reason: "noFfd105" });
  });

  it("warns (without blocking) about other active cashboxes and orders with several payments", () => {
    expect(item({ ...ready, otherActiveCashboxes: 2 }, "autoPrint")).toMatchObject({ status: "warn", reason: "otherCashboxes", vars: { count: 2 } });
    const several = { ...ready, ordersWithSeveralPayments: 3 };
    expect(item(several, "autoPrint")).toMatchObject({ status: "warn", reason: "severalPayments" });
    expect(evaluateReadiness(several).ready).toBe(true);
  });

  it("follows the test receipt: none, on its way, failed, fiscalised; none on a live cashbox is only a warning", () => {
    expect(item({ ...ready, testReceipt: null }, "testReceipt")).toMatchObject({ status: "fail", reason: "none" });
    const pending = evaluateReadiness({ ...ready, testReceipt: { status: "registered", fiscalisedAt: null, lastError: null } });
    expect(pending.items.at(-1)!.status).toBe("pending");
    expect(pending.ready).toBe(false);
    expect(pending.canSendTestReceipt).toBe(false);
    expect(item({ ...ready, testReceipt: { status: "failed", fiscalisedAt: null, lastError: "Неверный ИНН" } }, "testReceipt")).toMatchObject({ status: "fail", vars: { error: "Неверный ИНН" } });
    const live = evaluateReadiness({ ...ready, profile: { ...ready.profile!, mode: "live" }, testReceipt: null });
    expect(live.items.at(-1)).toMatchObject({ status: "warn", reason: "liveMode" });
    expect(live.canSendTestReceipt).toBe(false);
  });

  it("without a cashbox every item asks for one first", () => {
    const r = evaluateReadiness({ ...ready, profile: null, testReceipt: null });
    expect(r.profileId).toBeNull();
    expect(r.items.filter((i) => i.status === "fail").length).toBeGreaterThanOrEqual(5);
    expect(r.items[0]).toMatchObject({ id: "cashbox", reason: "missing" });
  });
});
