import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import { POST as receiptRoute } from "@/app/api/deals/[dealId]/payments/[paymentId]/receipt/route";
import { GET as mismatchesRoute } from "@/app/api/mismatches/route";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { upsertMismatches } from "@/lib/db/queries/mismatches";
import { cashboxProfiles, mismatches } from "@/lib/db/schema";
import type { Mismatch } from "@/lib/reconcile/types";
import { syncAllPortals } from "@/lib/deals/sync-all";
import { drainOutbox } from "@/lib/fiscal/drain";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import { asUser, install, openApp, params, useEmulator, useFakeAtol, type SignedIn } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

// Reconciliation persisted: findings from real emulator data, idempotent re-runs, and findings that close
// themselves once fixed.

const t = useTestDb();
const env = useEmulator({ portals: 1 });
useAppServer();
let admin: SignedIn;
const drain = () => drainOutbox(t.db, { budgetMs: 5_000, deps: { timing: { ...DEFAULT_TIMING, firstPollMs: 20, maxPollMs: 50 } } });
const list = async (q = "") => (await (await mismatchesRoute(asUser(admin).request(`/api/mismatches${q}`), params({}))).json()).items as Array<{ kind: string; cause: string; paymentId: number; status: string }>;

useFakeAtol({ processingDelayMs: 20 });

beforeAll(async () => {
  await install(env.emu.portals[0]!);
  admin = await openApp(env.emu.portals[0]!);
  expect((await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}))).status).toBe(201);
});

describe("mismatches", () => {
  it("finds a paid payment without a receipt and an advance without its offset, once however often it runs", async () => {
    const portal = env.emu.portals[0]!;
    const d1 = portal.createDeal({ contact: { email: "a@example.ru" }, products: [{ name: "Шкаф", price: 20_000, quantity: 1, vatRate: 22 }] });
    const lonely = portal.addPayment(d1.id, { products: "all" });
    portal.addPayment(d1.id, { sum: 100 });
    await portal.payPayment(lonely.id, { at: new Date(Date.now() - 30 * 60_000) });
    const d2 = portal.createDeal({ contact: { email: "b@example.ru" }, products: [{ name: "Стол", price: 9_000, quantity: 1, vatRate: 22 }] });
    const advance = portal.addPayment(d2.id, { products: "all" });
    await portal.payPayment(advance.id, { print: "advancepayment" });
    await syncAllPortals(t.db);
    await drain();
    await syncAllPortals(t.db);
    await syncAllPortals(t.db);

    const open = await list("?status=open");
    expect(open.filter((m) => m.kind === "missing_receipt").map((m) => m.paymentId)).toEqual([lonely.id]);
    expect(open.find((m) => m.kind === "advance_without_offset")).toBeTruthy();
    const rows = await t.db.select().from(mismatches);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);

    // The admin fiscalises the payment from the deal: the next run closes the finding by itself.
    const res = await receiptRoute(asUser(admin).request("/x", { json: { kind: "full" } }), params({ dealId: String(d1.id), paymentId: String(lonely.id) }));
    expect(res.status).toBe(201);
    await drain();
    await syncAllPortals(t.db);
    expect((await list("?status=open")).find((m) => m.kind === "missing_receipt" && m.paymentId === lonely.id)).toBeUndefined();
    expect((await list("?status=resolved")).find((m) => m.kind === "missing_receipt" && m.paymentId === lonely.id)).toBeTruthy();
    expect((await getPortalByMemberId(t.db, portal.memberId))?.paymentsSyncedAt).toBeTruthy();
  });

  it("keeps what support decided on a re-run, refreshes the evidence, and files the finding under its receipt's cashbox", async () => {
    const portalRow = (await getPortalByMemberId(t.db, env.emu.portals[0]!.memberId))!;
    const [advance] = await t.db.select().from(mismatches).where(and(eq(mismatches.portalId, portalRow.id), eq(mismatches.kind, "advance_without_offset")));
    const [profile] = await t.db.select().from(cashboxProfiles).where(eq(cashboxProfiles.portalId, portalRow.id));
    expect(advance!.profileId).toBe(profile!.id);
    await t.db.update(mismatches).set({ assigneeId: 7, note: "Позвонили клиенту", evidence: { stale: true } }).where(eq(mismatches.id, advance!.id));

    await syncAllPortals(t.db);
    const [again] = await t.db.select().from(mismatches).where(eq(mismatches.id, advance!.id));
    expect([again!.status, again!.assigneeId, again!.note]).toEqual(["open", 7, "Позвонили клиенту"]);
    expect(again!.evidence).not.toHaveProperty("stale");
    expect(again!.lastSeenAt.getTime()).toBeGreaterThan(advance!.lastSeenAt.getTime());
  });

  it("stores a run larger than one INSERT (2 500 findings) once, and a second run adds nothing", async () => {
    const portalRow = (await getPortalByMemberId(t.db, env.emu.portals[0]!.memberId))!;
    const before = (await t.db.select().from(mismatches).where(eq(mismatches.portalId, portalRow.id))).length;
    const found: Mismatch[] = Array.from({ length: 2_500 }, (_, i) => ({
      key: `missing_receipt:p${900_000 + i}`,
      kind: "missing_receipt",
      cause: "unknown",
      receiptIds: [],
      paymentId: 900_000 + i,
      dealId: null,
      expectedKop: 100_00 + i,
      actualKop: 0,
      deltaKop: -(100_00 + i),
      evidence: { i },
      day: "2026-03-10",
    }));
    await upsertMismatches(t.db, portalRow.id, found);
    await upsertMismatches(t.db, portalRow.id, found.map((m) => ({ ...m, cause: "queue_delay" as const })));
    const rows = await t.db.select().from(mismatches).where(eq(mismatches.portalId, portalRow.id));
    expect(rows.length - before).toBe(2_500);
    const added = rows.filter((r) => r.key.startsWith("missing_receipt:p9"));
    expect(new Set(added.map((r) => r.cause))).toEqual(new Set(["queue_delay"]));
    expect(added.find((r) => r.paymentId === 902_499)?.expectedKop).toBe(100_00 + 2_499);
  });
});
