import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkRoute } from "@/app/api/cashbox/[portalId]/[secret]/check/route";
import { POST as printRoute } from "@/app/api/cashbox/[portalId]/[secret]/print/route";
import { POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import { POST as resendRoute } from "@/app/api/receipts/[id]/resend/route";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { resetEnvCache } from "@/lib/env";
import { drainOutbox } from "@/lib/fiscal/drain";
import { DEFAULT_TIMING } from "@/lib/fiscal/timing";
import { eq } from "drizzle-orm";
import { encryptJson } from "@/lib/crypto";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { cashboxProfiles, receipts } from "@/lib/db/schema";
import { clearAtolTokenCache } from "@/lib/providers/atol/adapter";
import { startFakeAtol, type FakeAtol } from "../fakes/fake-atol";
import { asUser, install, openApp, params, useEmulator } from "../helpers/app";
import { useAppServer } from "../helpers/app-server";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

// A paid payment's receipt, end to end over the wire: the portal emulator POSTs PRINT_URL to the app's HTTP
// server, the app fiscalises with the fake ATOL and reports back with sale.cashbox.check.apply.

const t = useTestDb();
const env = useEmulator({ portals: 1 });
const app = useAppServer();
let atol: FakeAtol;
const fast = { ...DEFAULT_TIMING, firstPollMs: 20, maxPollMs: 50, backoffBaseMs: 20, backoffMaxMs: 200, applyRetryMs: 20 };

const drain = () => drainOutbox(t.db, { budgetMs: 10_000, deps: { timing: fast } });
const printPath = () => new URL(env.emu.portals[0]!.handlers[0].SETTINGS.PRINT_URL).pathname;
const pathParams = () => {
  const [, , , portalId, secret] = printPath().split("/");
  return { portalId: portalId!, secret: secret! };
};
const countReceipts = async () => (await t.db.select().from(receipts)).length;

beforeAll(async () => {
  atol = await startFakeAtol({ processingDelayMs: 30 });
  process.env.ATOL_BASE_URL = atol.url;
  resetEnvCache();
  const portal = env.emu.portals[0]!;
  await install(portal);
  const admin = await openApp(portal);
  const res = await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}));
  expect(res.status).toBe(201);
});

afterAll(async () => {
  delete process.env.ATOL_BASE_URL;
  resetEnvCache();
  await atol?.close();
});

describe("a receipt from PRINT_URL to ATOL and back to Bitrix24", () => {
  it("fiscalises a paid payment and Bitrix24's check ends printed with the fiscal fields", async () => {
    const portal = env.emu.portals[0]!;
    const check = await portal.printCheck(portal.payment({ type: "sell", items: [{ name: "Консультация", price: 1500, quantity: 2 }], payments: [{ type: "cashless", sum: 3000 }] }));
    expect(check.STATUS).toBe("P");
    expect(check.EXTERNAL_UUID).toMatch(/^[0-9a-f-]{36}$/);

    await drain();
    expect(check.STATUS).toBe("Y");
    expect(check.printCount).toBe(1);
    const doc = [...atol.documents.values()].find((d) => d.externalId.startsWith(check.EXTERNAL_UUID!));
    expect(doc).toBeTruthy();
    const link = check.LINK_PARAMS!;
    expect(link.fn_number).toBe(doc!.payload?.fn_number);
    expect(String(link.fiscal_doc_number)).toBe(String(doc!.payload?.fiscal_document_number));

    // CHECK_URL answers DONE with the same fields, and PRINT_END_TIME is the fiscal document's own time.
    const { portalId, secret } = pathParams();
    const res = await checkRoute(
      new Request(`${app.url}${printPath().replace(/print$/, "check")}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `uuid=${check.EXTERNAL_UUID}` }),
      params({ portalId, secret }),
    );
    const answer = await res.json();
    expect(answer).toMatchObject({ STATUS: "DONE", FN_NUMBER: link.fn_number, SHIFT_NUMBER: Number(link.shift_number), FISCAL_DOC_NUMBER: Number(link.fiscal_doc_number) });
    expect(answer.PRINT_END_TIME).toBe(Number(link.doc_time));
    const msk = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(doc!.payload!.receipt_datetime as string)!;
    expect(answer.PRINT_END_TIME).toBe(Date.UTC(+msk[3]!, +msk[2]! - 1, +msk[1]!, +msk[4]! - 3, +msk[5]!, +msk[6]!) / 1000);
  });

  it("takes provider callbacks only with the signature it handed out", async () => {
    await atol.callbacksSettled();
    expect(app.requests.some((r) => r.path.startsWith("/api/providers/callback/") && r.status === 200)).toBe(true);
    const forged = await fetch(`${app.url}/api/providers/callback/00000000-0000-0000-0000-000000000000/forged`, { method: "POST", body: "{}" });
    expect(forged.status).toBe(404);
  });

  it("answers CHECK_URL with WAIT before the result and ERROR for an unknown uuid — never DONE", async () => {
    const portal = env.emu.portals[0]!;
    const check = await portal.printCheck(portal.payment({ type: "sell" }));
    const { portalId, secret } = pathParams();
    const ask = async (uuid: string) =>
      (await checkRoute(new Request(`${app.url}/x`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `uuid=${uuid}` }), params({ portalId, secret }))).json();
    expect(await ask(check.EXTERNAL_UUID!)).toEqual({ STATUS: "WAIT" });
    expect((await ask("00000000-0000-0000-0000-000000000000")).STATUS).toBe("ERROR");
    expect((await ask("garbage")).STATUS).toBe("ERROR");
    await drain();
    expect((await ask(check.EXTERNAL_UUID!)).STATUS).toBe("DONE");
  });

  it("50 parallel deliveries of one Bitrix uuid make one receipt and one ATOL registration", async () => {
    const portal = env.emu.portals[0]!;
    const check = await portal.printCheck(portal.payment({ type: "sell" }));
    const body = check.print!.requestBody;
    const before = await countReceipts();
    const { portalId, secret } = pathParams();
    const answers = await Promise.all(
      Array.from({ length: 50 }, async () =>
        (await printRoute(new Request(`${app.url}${printPath()}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }), params({ portalId, secret }))).json(),
      ),
    );
    expect(new Set(answers.map((a) => a.UUID))).toEqual(new Set([check.EXTERNAL_UUID]));
    expect(await countReceipts()).toBe(before);
    await drain();
    const regs = [...atol.registrations.entries()].filter(([id]) => id.startsWith(check.EXTERNAL_UUID!));
    expect(regs).toEqual([[`${check.EXTERNAL_UUID}-1`, 1]]);
    expect(check.STATUS).toBe("Y");
  });

  it("refuses malformed input with ERRORS, stores nothing, and loses nothing queued before it", async () => {
    const portal = env.emu.portals[0]!;
    const queued = await portal.printCheck(portal.payment({ type: "sell" }));
    const before = await countReceipts();
    const { portalId, secret } = pathParams();
    const post = (body: string, p = { portalId, secret }) =>
      printRoute(new Request(`${app.url}/x`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }), params(p));
    const good = new URLSearchParams(queued.print!.requestBody);
    const variant = (edit: (q: URLSearchParams) => void) => {
      const q = new URLSearchParams(good);
      q.set("uuid", `check|x|${Math.random()}`);
      edit(q);
      return q.toString();
    };
    const bad = [
      variant((q) => [...q.keys()].filter((k) => k.startsWith("items")).forEach((k) => q.delete(k))),
      variant((q) => q.set("items[0][sum]", "-5")),
      variant((q) => q.set("items[0][price]", "abc")),
      variant((q) => q.set("type", "teleport")),
      variant((q) => q.set("payments[0][sum]", "1")),
    ];
    for (const body of bad) {
      const res = await post(body);
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(answer.UUID).toBeUndefined();
      expect(answer.ERRORS[0]).toMatch(/[а-яА-Я]/);
    }
    expect((await (await post(good.toString(), { portalId, secret: "wrong-secret" })).json()).ERRORS).toHaveLength(1);
    expect((await (await post(good.toString(), { portalId: "00000000-0000-0000-0000-000000000000", secret })).json()).ERRORS).toHaveLength(1);
    const huge = await post(`a=${"x".repeat(5 * 1024 * 1024)}`);
    expect(huge.status).toBe(413);
    expect(await countReceipts()).toBe(before);

    await drain();
    expect(queued.STATUS).toBe("Y");
  });

  it("treats an ATOL 5xx as unknown: the same external_id again, fiscalised once, not failed", async () => {
    const portal = env.emu.portals[0]!;
    atol.injectFault({ route: "register", fault: 500, phase: "after" });
    // No callback: it would carry the result and spare the second registration this case is about.
    atol.setFaults({ callbackDropRate: 1 });
    const check = await portal.printCheck(portal.payment({ type: "sell", items: [{ name: "Товар", price: 10, quantity: 1 }], payments: [{ type: "cashless", sum: 10 }] }));
    await drain();
    atol.setFaults({});
    expect(check.STATUS).toBe("Y");
    expect(atol.submissions.get(`${check.EXTERNAL_UUID}-1`)).toBeGreaterThanOrEqual(2);
    expect(atol.registrations.get(`${check.EXTERNAL_UUID}-1`)).toBe(1);
  });

  it("reports a receipt ATOL refuses for good to Bitrix24 as an error with the reason", async () => {
    const portal = env.emu.portals[0]!;
    const stored = await getPortalByMemberId(t.db, portal.memberId);
    const [profile] = await listProfiles(t.db, stored!.id);
    // A wrong password is a configuration error: the receipt fails with ATOL's reason, and Bitrix24 hears it.
    await t.db.update(cashboxProfiles).set({ credentialsEnc: encryptJson({ login: "v5-online-atol-ru", password: "wrong", groupCode: "v5-online-atol-ru_5179" }) }).where(eq(cashboxProfiles.id, profile!.id));
    clearAtolTokenCache();
    const check = await portal.printCheck(portal.payment({ type: "sell" }));
    await drain();
    expect(check.STATUS).toBe("E");
    expect(check.ERROR_MESSAGE).toContain("Неверный логин или пароль");

    // The admin fixes the password and sends it again: a new attempt under a new external id, printed once.
    await t.db.update(cashboxProfiles).set({ credentialsEnc: profile!.credentialsEnc }).where(eq(cashboxProfiles.id, profile!.id));
    clearAtolTokenCache();
    const admin = await openApp(portal);
    const reader = await openApp(portal, { userId: 2 });
    const id = check.EXTERNAL_UUID!;
    expect((await resendRoute(asUser(reader).request(`/api/receipts/${id}/resend`, { method: "POST" }), params({ id }))).status).toBe(403);
    const res = await resendRoute(asUser(admin).request(`/api/receipts/${id}/resend`, { method: "POST" }), params({ id }));
    expect(res.status).toBe(200);
    expect((await res.json()).item).toMatchObject({ status: "accepted", attempt: 2 });
    expect((await resendRoute(asUser(admin).request(`/api/receipts/${id}/resend`, { method: "POST" }), params({ id }))).status).toBe(409);
    await drain();
    expect(check.STATUS).toBe("Y");
    expect(atol.registrations.get(`${id}-2`)).toBe(1);
  });
});
