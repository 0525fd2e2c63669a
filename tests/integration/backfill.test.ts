import { describe, expect, it } from "vitest";
import { GET as statusRoute } from "@/app/api/payments/status/route";
import { getPayment } from "@/lib/db/queries/payments";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { syncAllPortals } from "@/lib/deals/sync-all";
import { asUser, install, openApp, params, useEmulator } from "../helpers/app";
import { useTestDb } from "../helpers/db";

// Payments made before the app was installed raise no events for us: the backfill reads them, with progress.

const t = useTestDb();
const env = useEmulator({ portals: 1 });

describe("payments backfill after install", () => {
  it("brings in payments paid before the install and reports its progress", async () => {
    const portal = env.emu.portals[0]!;
    const paid: number[] = [];
    for (let i = 0; i < 60; i++) {
      const d = portal.createDeal({ contact: { email: `b${i}@example.ru` }, products: [{ name: `Товар ${i}`, price: 100 + i, quantity: 1, vatRate: 22 }] });
      const p = portal.addPayment(d.id, { products: "all" });
      await portal.payPayment(p.id, { at: new Date(Date.now() - 86_400_000) });
      paid.push(p.id);
    }
    await install(portal);
    const admin = await openApp(portal);
    const before = await (await statusRoute(asUser(admin).request("/api/payments/status"), params({}))).json();
    expect(before.backfill).toMatchObject({ status: "running", done: 0 });

    await syncAllPortals(t.db);
    const stored = (await getPortalByMemberId(t.db, portal.memberId))!;
    for (const id of [paid[0]!, paid[59]!]) expect((await getPayment(t.db, { portalId: stored.id, paymentId: id }))?.paid).toBe(true);
    const after = await (await statusRoute(asUser(admin).request("/api/payments/status"), params({}))).json();
    expect(after.backfill).toMatchObject({ status: "done", done: 60 });
    expect(after.syncedAt).toBeTruthy();
  });
});
