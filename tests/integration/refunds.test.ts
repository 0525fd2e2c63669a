import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import { POST as correctionRoute } from "@/app/api/receipts/[id]/correction/route";
import { POST as refundRoute } from "@/app/api/receipts/[id]/refund/route";
import { GET as receiptRoute } from "@/app/api/receipts/[id]/route";
import { GET as listRoute } from "@/app/api/receipts/route";
import { resetEnvCache } from "@/lib/env";
import { drainOutbox } from "@/lib/fiscal/drain";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import { startFakeAtol, type FakeAtol } from "../fakes/fake-atol";
import { asUser, install, openApp, params, useEmulator, type SignedIn } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

// Refunds and corrections started from the app go through the same pipeline, linked to their receipt.

const t = useTestDb();
const env = useEmulator({ portals: 1 });
useAppServer();
let atol: FakeAtol;
let admin: SignedIn;
let reader: SignedIn;
let saleId: string;
const timing = { ...DEFAULT_TIMING, firstPollMs: 20, maxPollMs: 50, backoffBaseMs: 20, backoffMaxMs: 200 };
const drain = () => drainOutbox(t.db, { budgetMs: 5_000, deps: { timing } });
const post = (route: typeof refundRoute, who: SignedIn, id: string, json?: unknown) =>
  route(asUser(who).request(`/api/receipts/${id}/x`, { method: "POST", json: json ?? {} }), params({ id }));

beforeAll(async () => {
  atol = await startFakeAtol({ processingDelayMs: 20 });
  process.env.ATOL_BASE_URL = atol.url;
  resetEnvCache();
  const portal = env.emu.portals[0]!;
  await install(portal);
  admin = await openApp(portal);
  reader = await openApp(portal, { userId: 2 });
  expect((await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}))).status).toBe(201);
  const check = await portal.printCheck(portal.payment({ type: "sell", items: [{ name: "Кресло", price: 12_000, quantity: 1 }], payments: [{ type: "cashless", sum: 12_000 }] }));
  await drain();
  expect(check.STATUS).toBe("Y");
  saleId = check.EXTERNAL_UUID!;
});

afterAll(async () => {
  delete process.env.ATOL_BASE_URL;
  resetEnvCache();
  await atol?.close();
});

describe("refunds and corrections", () => {
  it("refunds a fiscalised sale once, linked to it, even when asked twice", async () => {
    const first = await post(refundRoute, admin, saleId);
    expect(first.status).toBe(201);
    const { item } = await first.json();
    expect(item).toMatchObject({ source: "refund", operation: "sell_refund", refersToId: saleId, totalKop: 1_200_000 });
    const again = await (await post(refundRoute, admin, saleId)).json();
    expect(again.item.id).toBe(item.id);

    await drain();
    const view = await (await receiptRoute(asUser(admin).request(`/api/receipts/${item.id}`), params({ id: item.id }))).json();
    expect(view.item.status).toBe("done");
    expect(view.item.fiscal.fnNumber).toBeTruthy();
    const docs = [...atol.documents.values()].filter((d) => d.externalId.startsWith(item.id));
    expect(docs.map((d) => d.operation)).toEqual(["sell_refund"]);
  });

  it("issues a correction receipt with its basis and validates it", async () => {
    const bad = await post(correctionRoute, admin, saleId, { type: "instruction", baseDate: "2026-11-01" });
    expect(bad.status).toBe(422);
    const res = await post(correctionRoute, admin, saleId, { type: "self", baseDate: "2026-11-01", operation: "sell_correction" });
    expect(res.status).toBe(201);
    const { item } = await res.json();
    expect(item).toMatchObject({ source: "correction", operation: "sell_correction", refersToId: saleId });
    await drain();
    const doc = [...atol.documents.values()].find((d) => d.externalId.startsWith(item.id))!;
    expect(doc.operation).toBe("sell_correction");
    expect(JSON.stringify(doc.body)).toContain('"base_date":"01.11.2026"');
  });

  it("lists the portal's receipts for support (not for managers), filtered by state", async () => {
    expect((await listRoute(asUser(reader).request("/api/receipts"), params({}))).status).toBe(403);
    const all = await (await listRoute(asUser(admin).request("/api/receipts"), params({}))).json();
    expect(all.items.map((r: { source: string }) => r.source).sort()).toEqual(["bitrix", "correction", "refund"]);
    const failed = await (await listRoute(asUser(admin).request("/api/receipts?status=failed,needs_attention"), params({}))).json();
    expect(failed.items).toEqual([]);
    expect((await listRoute(asUser(admin).request("/api/receipts?status=bogus"), params({}))).status).toBe(422);
  });

  it("lets only admins start them, and only for fiscalised sales of their portal", async () => {
    expect((await post(refundRoute, reader, saleId)).status).toBe(403);
    expect((await post(refundRoute, admin, "00000000-0000-0000-0000-000000000000")).status).toBe(404);
    const refund = (await (await post(refundRoute, admin, saleId)).json()).item;
    expect((await post(refundRoute, admin, refund.id)).status).toBe(409);
  });
});
