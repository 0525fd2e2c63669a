import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import { POST as previewRoute } from "@/app/api/deals/[dealId]/payments/[paymentId]/preview/route";
import { POST as receiptRoute } from "@/app/api/deals/[dealId]/payments/[paymentId]/receipt/route";
import { GET as dealRoute } from "@/app/api/deals/[dealId]/route";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { getPayment } from "@/lib/db/queries/payments";
import { receipts } from "@/lib/db/schema";
import { syncPayments } from "@/lib/deals/sync-payments";
import { resetEnvCache } from "@/lib/env";
import { drainOutbox } from "@/lib/fiscal/drain";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import { startFakeAtol, type FakeAtol } from "../fakes/fake-atol";
import { asUser, install, openApp, params, useEmulator, type SignedIn } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

// Receipts on the deal: payments snapshot from offline events, receipt ↔ payment matching, the deal tab's JSON,
// receipts made from the deal, and the timeline — against the portal emulator and real Postgres.

const t = useTestDb();
const env = useEmulator({ portals: 1 });
useAppServer();
let atol: FakeAtol;
let admin: SignedIn;
const timing = { ...DEFAULT_TIMING, firstPollMs: 20, maxPollMs: 50, backoffBaseMs: 20, backoffMaxMs: 200 };
const drain = () => drainOutbox(t.db, { budgetMs: 5_000, deps: { timing } });
const portal = () => env.emu.portals[0]!;
const stored = async () => (await getPortalByMemberId(t.db, portal().memberId))!;
const deal = async (dealId: number) => (await dealRoute(asUser(admin).request(`/api/deals/${dealId}`), params({ dealId: String(dealId) }))).json();
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

beforeAll(async () => {
  atol = await startFakeAtol({ processingDelayMs: 20 });
  process.env.ATOL_BASE_URL = atol.url;
  resetEnvCache();
  await install(portal());
  admin = await openApp(portal());
  expect((await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}))).status).toBe(201);
});

afterAll(async () => {
  delete process.env.ATOL_BASE_URL;
  resetEnvCache();
  await atol?.close();
});

describe("payments snapshot and matching", () => {
  it("payment events produce snapshots with the right deal, and the receipt is matched to its payment", async () => {
    const d = portal().createDeal({ title: "Диван", contact: { email: "anna@example.ru" }, products: [{ name: "Диван", price: 30_000, quantity: 1, vatRate: 22 }] });
    const p = portal().addPayment(d.id, { products: "all" });
    const { check } = await portal().payPayment(p.id, { print: true });
    expect(check?.STATUS).toBe("P");
    await syncPayments(t.db, await stored());
    const snap = await getPayment(t.db, { portalId: (await stored()).id, paymentId: p.id });
    expect(snap).toMatchObject({ dealId: d.id, sumKop: 3_000_000, paid: true, contacts: { emails: ["anna@example.ru"], phones: [] } });
    const [r] = (await t.db.select().from(receipts)).filter((x) => x.id === check!.EXTERNAL_UUID);
    expect(r).toMatchObject({ paymentId: p.id, dealId: d.id, matchMethod: "auto" });
  });

  it("among three payments of equal sum matches the receipt by contact and time; an ambiguous one is flagged", async () => {
    const buyers = ["boris@example.ru", "vera@example.ru", "gleb@example.ru"];
    const deals = buyers.map((email) => portal().createDeal({ contact: { email }, products: [{ name: "Стул", price: 4_000, quantity: 1, vatRate: 22 }] }));
    const pays = deals.map((d) => portal().addPayment(d.id, { products: "all" }));
    const printed = [];
    for (const p of pays) printed.push((await portal().payPayment(p.id, { print: true })).check!);
    // Two more deals that nothing can tell apart: same buyer, same goods, same sum, same moment.
    const twins = [0, 1].map(() => portal().createDeal({ contact: { email: "twin@example.ru" }, products: [{ name: "Табурет", price: 1_500, quantity: 1, vatRate: 22 }] }));
    const twinPays = twins.map((d) => portal().addPayment(d.id, { products: "all" }));
    const twinChecks = [];
    for (const p of twinPays) twinChecks.push((await portal().payPayment(p.id, { print: true })).check!);

    await syncPayments(t.db, await stored());
    const rows = await t.db.select().from(receipts);
    printed.forEach((c, i) => expect(rows.find((r) => r.id === c.EXTERNAL_UUID)).toMatchObject({ paymentId: pays[i]!.id, dealId: deals[i]!.id }));
    for (const c of twinChecks) expect(rows.find((r) => r.id === c.EXTERNAL_UUID)).toMatchObject({ paymentId: null, matchMethod: "ambiguous" });
    const view = await deal(twins[0]!.id);
    expect(view.unmatched.map((u: { id: string }) => u.id).sort()).toEqual(twinChecks.map((c) => c.EXTERNAL_UUID).sort());
  });
});

describe("the deal tab's data", () => {
  it("shows each payment with its receipt, fiscal attributes and QR once fiscalised, and what is still owed", async () => {
    const d = portal().createDeal({ title: "Кухня", contact: { email: "dina@example.ru" }, products: [{ name: "Шкаф", price: 20_000, quantity: 1, vatRate: 22 }, { name: "Стол", price: 10_000, quantity: 1, vatRate: 22 }] });
    const first = portal().addPayment(d.id, { products: [{ rowId: d.rows[0]!.id, quantity: 1 }] });
    const second = portal().addPayment(d.id, { products: [{ rowId: d.rows[1]!.id, quantity: 1 }] });
    // Two payments in one order: Bitrix24 prints nothing automatically. One gets a manual check, one nothing.
    const { check } = await portal().payPayment(first.id, { at: minutesAgo(10), print: "sell" });
    await portal().payPayment(second.id, { at: minutesAgo(10), print: true });
    await syncPayments(t.db, await stored());
    let view = await deal(d.id);
    expect(view.pending).toBe(true);
    await drain();
    view = await deal(d.id);
    expect(view.pending).toBe(false);
    const [p1, p2] = view.payments;
    expect(p1).toMatchObject({ id: first.id, sumKop: 2_000_000, paid: true, todo: [] });
    expect(p1.receipts).toHaveLength(1);
    expect(p1.receipts[0]).toMatchObject({ id: check!.EXTERNAL_UUID, kind: "full_payment", status: "done", contact: "dina@example.ru" });
    expect(p1.receipts[0].fiscal.fnNumber).toBe(check!.LINK_PARAMS!.fn_number);
    expect(p1.receipts[0].qrSvg).toMatch(/^<svg/);
    expect(p2.receipts).toEqual([]);
    expect(p2.todo.map((x: { kind: string }) => x.kind)).toEqual(["no_receipt"]);
  });

  it("fiscalises a payment without a receipt from the deal: twice in parallel, one receipt equal to its products", async () => {
    const d = portal().createDeal({ contact: { email: "egor@example.ru" }, products: [{ name: "Лампа", price: 1_250.5, quantity: 2, vatRate: 22 }, { name: "Провод", price: 99.99, quantity: 3, vatRate: 10 }] });
    const a = portal().addPayment(d.id, { products: [{ rowId: d.rows[0]!.id, quantity: 2 }, { rowId: d.rows[1]!.id, quantity: 3 }] });
    portal().addPayment(d.id, { sum: 10 });
    await portal().payPayment(a.id, { at: minutesAgo(10), print: true });
    await syncPayments(t.db, await stored());
    const url = `/api/deals/${d.id}/payments/${a.id}/receipt`;
    const p = params({ dealId: String(d.id), paymentId: String(a.id) });
    const preview = await (await previewRoute(asUser(admin).request(`${url}/preview`, { json: { kind: "full" } }), p)).json();
    expect(preview.preview.totalKop).toBe(2 * 125_050 + 3 * 9_999);
    expect(preview.preview.items.map((i: { vat: string }) => i.vat)).toEqual(["vat22", "vat10"]);
    const [r1, r2] = await Promise.all([0, 1].map(async () => (await receiptRoute(asUser(admin).request(url, { json: { kind: "full" } }), p)).json()));
    expect(r1.item.id).toBe(r2.item.id);
    const mine = (await t.db.select().from(receipts)).filter((r) => r.paymentId === a.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.receipt.items.map((i) => [i.name, i.quantityMilli, i.sumKop])).toEqual([["Лампа", 2000, 250_100], ["Провод", 3000, 29_997]]);
    await drain();
    expect([...atol.documents.values()].filter((doc) => doc.externalId.startsWith(mine[0]!.id))).toHaveLength(1);
  });

  it("issues one offset receipt (зачёт аванса) after an advance", async () => {
    const d = portal().createDeal({ contact: { email: "fedor@example.ru" }, products: [{ name: "Кровать", price: 50_000, quantity: 1, vatRate: 22 }] });
    const pay = portal().addPayment(d.id, { products: "all" });
    const { check } = await portal().payPayment(pay.id, { at: minutesAgo(10), print: "advancepayment" });
    await syncPayments(t.db, await stored());
    await drain();
    let view = await deal(d.id);
    expect(view.payments[0].receipts.map((r: { kind: string }) => r.kind)).toEqual(["advance"]);
    expect(view.payments[0].todo.map((x: { kind: string }) => x.kind)).toEqual(["offset_missing"]);
    const p = params({ dealId: String(d.id), paymentId: String(pay.id) });
    const res = await receiptRoute(asUser(admin).request("/x", { json: { kind: "offset" } }), p);
    expect(res.status).toBe(201);
    await drain();
    view = await deal(d.id);
    expect(view.payments[0].receipts.map((r: { kind: string }) => r.kind).sort()).toEqual(["advance", "offset"]);
    expect(view.payments[0].todo).toEqual([]);
    const offset = (await res.json()).item;
    expect(offset.refersToId).toBe(check!.EXTERNAL_UUID);
    const doc = [...atol.documents.values()].find((x) => x.externalId.startsWith(offset.id))!;
    const body = doc.body as { receipt: { payments: Array<{ type: number }>; items: Array<{ payment_method: string }> } };
    expect(body.receipt.payments).toEqual([{ type: 2, sum: 50_000 }]);
    expect(body.receipt.items.map((i) => i.payment_method)).toEqual(["full_payment"]);
    expect(check!.STATUS).toBe("Y");
  });

  it("writes one timeline entry per receipt event, however many drains run", async () => {
    await drain();
    await drain();
    const byReceipt = new Map<string, number>();
    for (const m of portal().timeline) byReceipt.set(`${m.entityId}|${m.text}`, (byReceipt.get(`${m.entityId}|${m.text}`) ?? 0) + 1);
    expect(portal().timeline.length).toBeGreaterThanOrEqual(5);
    expect([...byReceipt.values()].every((n) => n === 1)).toBe(true);
    expect(portal().timeline.every((m) => m.title === "Чек пробит" && /ФН \d+ · ФД \d+/.test(m.text))).toBe(true);
  });
});
