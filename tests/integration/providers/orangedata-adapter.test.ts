/**
 * The Orange Data adapter against the fake Nebula API over mutual TLS: signed registration (201), duplicate id (409),
 * signature and content rejections (400), client certificate refusals (401 / TLS alert), queue full (503 + Retry-After),
 * expired documents (524), 202 → 200 reports read as Moscow time, and the connection check.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signOrangeBody, verifyOrangeSignature } from "@/lib/providers/orangedata/client";
import { orangeProvider, type OrangeProviderConfig } from "@/lib/providers/orangedata/adapter";
import type { CashboxProvider, RegisterOutcome, ReportOutcome } from "@/lib/providers/types";
import { createOrangePki, hasOpenssl, ORANGE_TEST_INN, startFakeOrange, type FakeOrange, type OrangePki } from "../../fakes/fake-orangedata";
import { correctionReceipt, nextId, sellReceipt, sleep, unbalancedReceipt } from "./receipt-fixture";

let pki: OrangePki;
let orange: FakeOrange;

function provider(over: Partial<OrangeProviderConfig> = {}): CashboxProvider {
  return orangeProvider({
    baseUrl: orange.url,
    inn: ORANGE_TEST_INN,
    group: "Main_2",
    clientCert: pki.clientCert,
    clientKey: pki.clientKey,
    signingKey: pki.signingKey,
    ca: pki.caPem,
    timeoutMs: 1000,
    ...over,
  });
}

const register = (p: CashboxProvider, id = nextId("od"), receipt = sellReceipt()) => p.register(receipt, { externalId: id, now: Date.now() });

async function settle(p: CashboxProvider, id: string, operation: "sell" | "sell_correction" = "sell"): Promise<ReportOutcome> {
  for (let i = 0; i < 500; i++) {
    const r = await p.report({ externalId: id, providerUuid: id, operation });
    if (r.kind !== "pending") return r;
    await sleep(20);
  }
  throw new Error("still pending");
}

beforeAll(async () => {
  expect(await hasOpenssl()).toBe(true);
  pki = await createOrangePki();
  orange = await startFakeOrange({ pki, processingDelayMs: 60, clockShiftMs: 90_000 });
}, 60_000);
afterAll(async () => {
  await orange?.close();
});
beforeEach(() => {
  orange.processingDelayMs = 60;
});

describe("Orange Data adapter: registration", () => {
  it("POSTs a signed document over mTLS: 201 → accepted with our id as the provider uuid", async () => {
    const id = nextId("od");
    const r = await register(provider(), id);
    expect(r).toMatchObject({ kind: "accepted", providerUuid: id });
    const req = orange.requests.find((q) => q.method === "POST" && (q.body as any).id === id)!;
    expect(req).toMatchObject({ path: "/api/v2/documents/", authorized: true, status: 201 });
    expect(verifyOrangeSignature(req.rawBody, req.signature!, pki.signingPublicKey)).toBe(true);
    expect(req.body).toMatchObject({ inn: ORANGE_TEST_INN, group: "Main_2", key: ORANGE_TEST_INN, content: { ffdVersion: 4, type: 1 } });
    expect(orange.registrations.get(id)).toBe(1);
    // The clock comes from the Date header (the fake runs 90 s ahead).
    const clock = (r as Extract<RegisterOutcome, { kind: "accepted" }>).clock!;
    expect(Math.abs(clock.remoteTime - clock.receivedAt - 90_000)).toBeLessThan(2000);
  });

  it("adopts an id Orange already has (409): one document", async () => {
    const p = provider();
    const id = nextId("od");
    expect((await register(p, id)).kind).toBe("accepted");
    const docs = orange.documents.size;
    expect(await register(p, id)).toMatchObject({ kind: "accepted", providerUuid: id });
    expect(orange.requests.filter((q) => (q.body as any)?.id === id).map((q) => q.status)).toEqual([201, 409]);
    expect(orange.documents.size).toBe(docs);
    expect(orange.registrations.get(id)).toBe(1);
  });

  it("sends corrections to /api/v2/correction12/ and reports them from the correction12 status path", async () => {
    const p = provider();
    const id = nextId("odc");
    expect((await p.register(correctionReceipt(), { externalId: id, now: Date.now() })).kind).toBe("accepted");
    expect(orange.documents.get(`correction12/${ORANGE_TEST_INN}/${id}`)).toBeDefined();
    expect((await settle(p, id, "sell_correction")).kind).toBe("done");
    expect(orange.requests.at(-1)!.path).toBe(`/api/v2/correction12/${ORANGE_TEST_INN}/status/${id}`);
  });

  it("rejects a body signed with the wrong key (400) as a configuration error", async () => {
    const id = nextId("od");
    const r = await register(provider({ signingKey: pki.otherSigningKey }), id);
    expect(r).toMatchObject({ kind: "rejected", code: "400", configError: true, newIdNeeded: false });
    expect((r as { message: string }).message).toContain("подпись");
    expect(orange.registrations.get(id)).toBeUndefined();
  });

  it("rejects a receipt Orange refuses (400 with errors) as not a configuration error", async () => {
    const r = await register(provider(), nextId("od"), unbalancedReceipt());
    expect(r).toMatchObject({ kind: "rejected", code: "400", configError: false });
    expect((r as { message: string }).message).toContain("Сумма оплат");
  });

  it("rejects a client without a certificate, or with a foreign one (401), as a configuration error", async () => {
    for (const over of [{ clientCert: "", clientKey: "" }, { clientCert: pki.rogueClientCert, clientKey: pki.rogueClientKey }]) {
      const id = nextId("od");
      const r = await register(provider(over), id);
      expect(r).toMatchObject({ kind: "rejected", code: "401", configError: true });
      expect(orange.requests.find((q) => (q.body as any)?.id === id)).toMatchObject({ authorized: false, status: 401 });
    }
  });

  it("rejects a missing certificate refused in the TLS handshake (alert 116) as a configuration error", async () => {
    const strict = await startFakeOrange({ pki, strictTls: true });
    try {
      const r = await register(provider({ baseUrl: strict.url, clientCert: "", clientKey: "" }));
      expect(r).toMatchObject({ kind: "rejected", configError: true, message: "Orange Data не принял сертификат клиента — проверьте сертификат и ключ" });
      // A foreign certificate under TLS 1.3 often surfaces as a bare ECONNRESET: ambiguous, so unknown — never accepted.
      const rogue = await register(provider({ baseUrl: strict.url, clientCert: pki.rogueClientCert, clientKey: pki.rogueClientKey }));
      expect(["rejected", "unknown"]).toContain(rogue.kind);
      expect(strict.documents.size).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it("rejects unreadable PEM material without sending anything", async () => {
    const before = orange.requests.length;
    expect(await register(provider({ clientCert: "not a pem" }))).toMatchObject({ kind: "rejected", configError: true });
    expect(await register(provider({ signingKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }))).toMatchObject({
      kind: "rejected",
      configError: true,
    });
    expect(await register(provider({ clientKey: pki.rogueClientKey }))).toMatchObject({ kind: "rejected", configError: true });
    expect(orange.requests.length).toBe(before);
  });

  it("answers unknown with retryAfterMs when the queue is full (503 + Retry-After)", async () => {
    orange.queueFull(1, 3);
    const id = nextId("od");
    expect(await register(provider(), id)).toMatchObject({ kind: "unknown", retryAfterMs: 3000 });
    expect((await register(provider(), id)).kind).toBe("accepted");
  });

  it("never rejects on 5xx or a hang; a lost 201 is adopted on the retry (409)", async () => {
    const p = provider({ timeoutMs: 300 });
    orange.injectFault({ route: "register", fault: 502 });
    expect((await register(p)).kind).toBe("unknown");
    const id = nextId("od");
    orange.injectFault({ route: "register", fault: "timeout", phase: "after" });
    expect(await register(p, id)).toMatchObject({ kind: "unknown", message: "Orange Data не ответил вовремя" });
    expect(orange.registrations.get(id)).toBe(1);
    expect(await register(p, id)).toMatchObject({ kind: "accepted", providerUuid: id });
    expect(orange.registrations.get(id)).toBe(1);
  });
});

describe("Orange Data adapter: reports", () => {
  it("reports 202 as pending, then 200 as done with processedAt read as Moscow time", async () => {
    orange.processingDelayMs = 150;
    const p = provider();
    const id = nextId("od");
    await register(p, id);
    expect(await p.report({ externalId: id, providerUuid: id, operation: "sell" })).toEqual({ kind: "pending" });
    const r = await settle(p, id);
    expect(r.kind).toBe("done");
    const { fiscal } = r as Extract<ReportOutcome, { kind: "done" }>;
    const raw = fiscal.fiscalAtRaw;
    expect(raw).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(fiscal.fiscalAt).toBe(Date.parse(`${raw}+03:00`));
    expect(Math.abs(fiscal.fiscalAt - (Date.now() + 90_000))).toBeLessThan(5000);
    expect(fiscal).toMatchObject({ fnNumber: "9999078900004792", regNumberKkt: "0000000000012345", totalKop: 100_000, test: true });
  });

  it("reports 524 (expired before processing) as failed with newIdNeeded, and an unknown id as not_found", async () => {
    const p = provider();
    const id = nextId("od");
    await register(p, id);
    orange.expire(id);
    expect(await p.report({ externalId: id, providerUuid: id, operation: "sell" })).toMatchObject({ kind: "failed", code: "524", newIdNeeded: true });
    expect(await p.report({ externalId: nextId("none"), operation: "sell" })).toEqual({ kind: "not_found" });
  });

  it("answers unknown for a status lost to 5xx, a hang or a refused certificate", async () => {
    const p = provider({ timeoutMs: 300 });
    const id = nextId("od");
    await register(p, id);
    orange.injectFault({ route: "status", fault: 503 });
    expect((await p.report({ externalId: id, operation: "sell" })).kind).toBe("unknown");
    orange.injectFault({ route: "status", fault: "timeout" });
    expect((await p.report({ externalId: id, operation: "sell" })).kind).toBe("unknown");
    expect((await provider({ clientCert: "", clientKey: "" }).report({ externalId: id, operation: "sell" })).kind).toBe("unknown");
  });
});

describe("Orange Data adapter: connection and clock", () => {
  it("pings Nebula.Api v2 over mTLS and self-checks the signing key", async () => {
    const check = await provider().testConnection();
    expect(check).toMatchObject({ ok: true, message: "Подключение к Orange Data работает" });
    expect(orange.requests.at(-1)).toMatchObject({ method: "GET", path: "/api/v2/", authorized: true, status: 200 });
  });

  it("explains a refused certificate, a key that does not match it, and an unreadable signing key", async () => {
    expect(await provider({ clientCert: pki.rogueClientCert, clientKey: pki.rogueClientKey }).testConnection()).toEqual({
      ok: false,
      message: "Orange Data не принял сертификат клиента — проверьте сертификат и ключ",
    });
    expect(await provider({ clientKey: pki.rogueClientKey }).testConnection()).toEqual({ ok: false, message: "Ключ не соответствует сертификату клиента Orange Data" });
    expect(await provider({ signingKey: "garbage" }).testConnection()).toEqual({
      ok: false,
      message: "Ключ подписи не читается — нужен закрытый RSA-ключ в PEM",
    });
    expect((await provider({ ca: undefined }).testConnection()).message).toMatch(/сертификат сервера Orange Data/);
  });

  it("reads the clock from the Date header", async () => {
    const clock = await provider().readClock();
    expect(Math.abs(clock.remoteTime - (clock.sentAt + clock.receivedAt) / 2 - 90_000)).toBeLessThan(2000);
  });

  it("signs the exact UTF-8 bytes (RSA-SHA256, PKCS#1 v1.5)", () => {
    const body = JSON.stringify({ text: "Консультация «тест»" });
    const sig = signOrangeBody(body, pki.signingKey);
    expect(Buffer.from(sig, "base64")).toHaveLength(256);
    expect(verifyOrangeSignature(body, sig, pki.signingPublicKey)).toBe(true);
    expect(verifyOrangeSignature(`${body} `, sig, pki.signingPublicKey)).toBe(false);
  });
});
