import { beforeAll, describe, expect, it } from "vitest";
import { POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import { PATCH as patchCashboxRoute } from "@/app/api/cashboxes/[id]/route";
import { POST as ofdRoute } from "@/app/api/readiness/ofd/route";
import { GET as readinessRoute } from "@/app/api/readiness/route";
import { POST as testReceiptRoute } from "@/app/api/readiness/test-receipt/route";
import { drainOutbox } from "@/lib/fiscal/drain";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import type { Readiness, ReadinessItem } from "@/lib/readiness/types";
import type { FakeAtol } from "../fakes/fake-atol";
import { asUser, install, openApp, params, useEmulator, useFakeAtol, type SignedIn } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

// The readiness check against the portal emulator and the fake ATOL: every item from real REST answers, a catalog VAT
// id without a mapping fails until it is mapped, the OFD is chosen on the Bitrix24 cashbox, and the test receipt goes
// through the outbox and the provider.

const t = useTestDb();
const env = useEmulator({ portals: 1 });
useAppServer();
let atol: FakeAtol;
let admin: SignedIn;
let cashboxId: string;
const drain = () => drainOutbox(t.db, { budgetMs: 5_000, deps: { timing: { ...DEFAULT_TIMING, firstPollMs: 20, maxPollMs: 50 } } });

async function readiness(session = admin): Promise<Readiness> {
  const res = await readinessRoute(asUser(session).request("/api/readiness"), params({}));
  expect(res.status).toBe(200);
  return res.json();
}
const item = (r: Readiness, id: ReadinessItem["id"]) => r.items.find((i) => i.id === id)!;

const fake = useFakeAtol({ processingDelayMs: 20 });

beforeAll(async () => {
  atol = fake.atol;
  await install(env.emu.portals[0]!);
  admin = await openApp(env.emu.portals[0]!);
});

describe("readiness check", () => {
  it("before any cashbox: the admin is sent to the guided setup, and the check says to add a cashbox", async () => {
    expect(admin.location).toMatch(/^\/setup#token=/);
    const r = await readiness();
    expect(r.ready).toBe(false);
    expect(item(r, "cashbox")).toMatchObject({ status: "fail", reason: "missing" });
    expect(r.items.map((i) => i.id)).toEqual(["cashbox", "vat", "contact", "ofd", "salesCenter", "autoPrint", "testReceipt"]);
  });

  it("is for admins only", async () => {
    const reader = await openApp(env.emu.portals[0]!, { userId: 2 });
    expect(reader.location).toMatch(/^\/settings#token=/);
    expect((await readinessRoute(asUser(reader).request("/api/readiness"), params({}))).status).toBe(403);
  });

  it("fails on a catalog VAT id without a mapping and turns green once it is mapped", async () => {
    const created = await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}));
    expect(created.status).toBe(201);
    cashboxId = (await created.json()).item.id;
    expect((await openApp(env.emu.portals[0]!)).location, "with a cashbox, the app opens its settings").toMatch(/^\/settings#token=/);
    expect(item(await readiness(), "vat")).toMatchObject({ status: "ok", reason: "mapped", vars: { count: 5 } });

    // The portal gets a new VAT rate after the cashbox was set up: receipts carrying it would be refused.
    const portal = env.emu.portals[0]!;
    portal.vats.push({ id: 6, name: "НДС 7%", rate: 7, active: "Y", sort: 600, timestampX: new Date().toISOString() });
    const failing = await readiness();
    expect(item(failing, "vat")).toMatchObject({ status: "fail", reason: "unmapped", vars: { names: "«НДС 7%»", count: 1 } });
    expect(failing.ready).toBe(false);

    const patched = await patchCashboxRoute(
      asUser(admin).request(`/api/cashboxes/${cashboxId}`, { method: "PATCH", json: { vatMap: { 1: "none", 2: "vat0", 3: "vat10", 4: "vat20", 5: "vat22", 6: "vat7" } } }),
      params({ id: cashboxId }),
    );
    expect(patched.status).toBe(200);
    expect(item(await readiness(), "vat")).toMatchObject({ status: "ok", vars: { count: 6 } });
  });

  it("reads the cashbox, its OFD and the handler from Bitrix24; choosing the OFD sets it on the Bitrix24 cashbox", async () => {
    const r = await readiness();
    expect(item(r, "cashbox")).toMatchObject({ status: "ok", reason: "test" });
    expect(item(r, "contact")).toMatchObject({ status: "ok", reason: "email_or_phone" });
    expect(item(r, "salesCenter")).toMatchObject({ status: "ok", reason: "active" });
    expect(item(r, "autoPrint")).toMatchObject({ status: "ok", reason: "ready" });
    expect(item(r, "ofd")).toMatchObject({ status: "fail", reason: "missing" });

    const bad = await ofdRoute(asUser(admin).request("/api/readiness/ofd", { json: { cashboxId, ofd: "nalog.ru" } }), params({}));
    expect(bad.status).toBe(422);
    const res = await ofdRoute(asUser(admin).request("/api/readiness/ofd", { json: { cashboxId, ofd: "bx_platformaofd" } }), params({}));
    expect(res.status).toBe(200);
    expect(env.emu.portals[0]!.cashboxes[0].OFD).toBe("bx_platformaofd");
    expect(item(await readiness(), "ofd")).toMatchObject({ status: "ok", vars: { ofd: "bx_platformaofd" } });

    // Bitrix24's own switch: a cashbox turned off in Sales Center is reported.
    env.emu.portals[0]!.cashboxes[0].ACTIVE = "N";
    expect(item(await readiness(), "salesCenter")).toMatchObject({ status: "fail", reason: "inactive" });
    env.emu.portals[0]!.cashboxes[0].ACTIVE = "Y";
  });

  it("warns about orders with several payments (no automatic receipts for them)", async () => {
    const portal = env.emu.portals[0]!;
    const deal = portal.createDeal({ contact: { email: "a@example.ru" }, products: [{ name: "Шкаф", price: 20_000, quantity: 1, vatRate: 22 }] });
    portal.addPayment(deal.id, { sum: 5_000 });
    portal.addPayment(deal.id, { sum: 15_000 });
    const { syncAllPortals } = await import("@/lib/deals/sync-all");
    await syncAllPortals(t.db);
    expect(item(await readiness(), "autoPrint")).toMatchObject({ status: "warn", reason: "severalPayments", vars: { count: 1 } });
  });

  it("sends one test receipt through the pipeline (a double click makes one) and reports it fiscalised", async () => {
    expect(item(await readiness(), "testReceipt")).toMatchObject({ status: "fail", reason: "none" });
    const send = () => testReceiptRoute(asUser(admin).request("/api/readiness/test-receipt", { json: { cashboxId } }), params({}));
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await a.json()).id).toBe((await b.json()).id);
    const pending = await readiness();
    expect(item(pending, "testReceipt").status).toBe("pending");
    expect(pending.canSendTestReceipt).toBe(false);

    await drain();
    const done = await readiness();
    expect(item(done, "testReceipt")).toMatchObject({ status: "ok", reason: "fiscalised" });
    expect(atol.documents.size).toBe(1);
    const [doc] = [...atol.documents.values()];
    expect((doc!.body.receipt as { total: number }).total).toBe(1);
    // The test receipt never goes to Bitrix24 (it is not a Bitrix24 check).
    expect(env.emu.portals[0]!.requests.filter((r) => r.method === "sale.cashbox.check.apply")).toHaveLength(0);
    expect(done.ready, JSON.stringify(done.items.filter((i) => i.status === "fail"))).toBe(true);
  });

  it("refuses a test receipt on a live cashbox: it would be a real one", async () => {
    const live = await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox({ name: "Боевая", mode: "live" }) }), params({}));
    const id = (await live.json()).item.id;
    const res = await testReceiptRoute(asUser(admin).request("/api/readiness/test-receipt", { json: { cashboxId: id } }), params({}));
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/тестовом режиме/);
    const r = await readinessRoute(asUser(admin).request(`/api/readiness?cashboxId=${id}`), params({}));
    expect(item(await r.json(), "testReceipt")).toMatchObject({ status: "warn", reason: "liveMode" });
  });
});
