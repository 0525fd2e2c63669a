/**
 * The ATOL v5 adapter against the fake ATOL server: registration, idempotency through external_id (33), token
 * refresh on 11, "unknown — never rejected" for 5xx/timeouts/garbage, configuration and validation rejections,
 * reports parsed as Moscow time, the queue-timeout failure, the report rate limit, callbacks and fault injection.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { atolProvider, clearAtolTokenCache, type AtolProviderConfig } from "@/lib/providers/atol/adapter";
import type { CashboxProvider, RegisterOutcome, ReportOutcome } from "@/lib/providers/types";
import { ATOL_TEST_ACCOUNT, startFakeAtol, type FakeAtol } from "../../fakes/fake-atol";
import { correctionReceipt, moscowToUtcMs, nextId, sellReceipt, sleep, unbalancedReceipt } from "./receipt-fixture";

const GROUP = ATOL_TEST_ACCOUNT.groupCodes[0]!;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let atol: FakeAtol;

function provider(over: Partial<AtolProviderConfig> = {}): CashboxProvider {
  return atolProvider({
    baseUrl: atol.url,
    credentials: { login: ATOL_TEST_ACCOUNT.login, password: ATOL_TEST_ACCOUNT.pass, groupCode: GROUP },
    timeoutMs: 400,
    reportIntervalMs: 40,
    ...over,
  });
}

const register = (p: CashboxProvider, externalId = nextId(), receipt = sellReceipt()) => p.register(receipt, { externalId, now: Date.now() });

async function pollUntilSettled(p: CashboxProvider, externalId: string, uuid: string, operation = "sell" as const): Promise<ReportOutcome> {
  for (let i = 0; i < 500; i++) {
    const r = await p.report({ externalId, providerUuid: uuid, operation });
    if (r.kind !== "pending") return r;
    await sleep(20);
  }
  throw new Error("still pending");
}

function accepted(r: RegisterOutcome): string {
  expect(r.kind).toBe("accepted");
  return (r as Extract<RegisterOutcome, { kind: "accepted" }>).providerUuid;
}

beforeAll(async () => {
  atol = await startFakeAtol({
    accounts: [ATOL_TEST_ACCOUNT, { login: "other", pass: "p", groupCodes: ["other-group"] }],
    processingDelayMs: 30,
    reportMinIntervalMs: 35,
    clockShiftMs: 2 * 3600_000,
  });
});
afterAll(async () => {
  await atol?.close();
});
beforeEach(() => {
  clearAtolTokenCache();
  atol.setFaults({});
  atol.state.queuedFaults.length = 0;
  atol.state.processingDelayMs = 30;
});

describe("ATOL adapter: registration", () => {
  it("registers a sale: one getToken, POST /{group}/sell with the Token header and JSON, a v4 uuid and a clock reading", async () => {
    const p = provider();
    const id = nextId();
    const tokensBefore = atol.tokensIssued;
    const docsBefore = atol.documents.size;
    const r = await register(p, id);
    const uuid = accepted(r);
    expect(uuid).toMatch(UUID_V4);
    expect(atol.tokensIssued).toBe(tokensBefore + 1);
    expect(atol.documents.size).toBe(docsBefore + 1);
    const post = atol.requests.find((q) => q.method === "POST" && q.path.endsWith(`/${GROUP}/sell`) && (q.body as any).external_id === id)!;
    expect(post.contentType).toBe("application/json; charset=utf-8");
    expect(post.token).toMatch(/^[0-9a-f]{64}$/);
    expect(post.status).toBe(200);
    expect((post.body as any).timestamp).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    // The fake's clock runs 2 h ahead: the sample shows it.
    const clock = (r as Extract<RegisterOutcome, { kind: "accepted" }>).clock!;
    expect(clock.remoteTime - clock.receivedAt).toBeGreaterThan(2 * 3600_000 - 2000);
    expect(clock.remoteTime - clock.receivedAt).toBeLessThan(2 * 3600_000 + 2000);

    // A second receipt reuses the cached token.
    accepted(await register(p));
    expect(atol.tokensIssued).toBe(tokensBefore + 1);
  });

  it("sends corrections to sell_correction with the correction block", async () => {
    const id = nextId();
    const uuid = accepted(await provider().register(correctionReceipt(), { externalId: id, now: Date.now() }));
    const doc = atol.documents.get(uuid)!;
    expect(doc.operation).toBe("sell_correction");
    expect((doc.body as any).correction.correction_info).toEqual({ type: "self", base_date: "15.01.2026" });
  });

  it("adopts the existing uuid for a known external_id (code 33): exactly one document at ATOL", async () => {
    const p = provider();
    const id = nextId();
    const first = accepted(await register(p, id));
    const docs = atol.documents.size;
    const second = accepted(await register(p, id));
    expect(second).toBe(first);
    expect(atol.documents.size).toBe(docs);
    expect(atol.registrations.get(id)).toBe(1);
    expect(atol.submissions.get(id)).toBe(2);
    const dup = atol.requests.filter((q) => (q.body as any)?.external_id === id).at(-1)!;
    expect(dup.status).toBe(400);
    expect(atol.state.maxRegistrationsPerExternalId()).toBe(1);
  });

  it("answers unknown when the answer is lost after ATOL stored the document; the retry adopts it", async () => {
    const p = provider();
    const id = nextId();
    await register(p); // token cached, so the fault hits the POST
    atol.injectFault({ route: "register", fault: "timeout", phase: "after" });
    const lost = await register(p, id);
    expect(lost).toMatchObject({ kind: "unknown", message: "АТОЛ Онлайн не ответил вовремя" });
    const stored = atol.state.findByExternalId(id, GROUP)!;
    expect(stored).toBeDefined();
    expect(accepted(await register(p, id))).toBe(stored.uuid);
    expect(atol.registrations.get(id)).toBe(1);
  });

  it("refreshes an expired token exactly once (code 11) and resends", async () => {
    const p = provider();
    accepted(await register(p));
    const before = atol.tokensIssued;
    atol.state.expireTokens();
    const ids = [nextId(), nextId(), nextId()];
    const results = await Promise.all(ids.map((id) => register(p, id)));
    results.forEach(accepted);
    expect(atol.tokensIssued).toBe(before + 1);
    const refused = atol.requests.filter((q) => ids.includes((q.body as any)?.external_id) && q.status === 401);
    expect(refused.length).toBeGreaterThan(0);
    expect(ids.map((id) => atol.registrations.get(id))).toEqual([1, 1, 1]);
  });

  it.each([
    ["500 (ATOL JSON code 50)", 500],
    ["502 (proxy HTML)", 502],
    ["503 (proxy HTML)", 503],
    ["a hang until our timeout", "timeout"],
  ] as const)("never rejects on %s: unknown", async (_label, fault) => {
    const p = provider();
    await register(p);
    atol.injectFault({ route: "register", fault, phase: "before" });
    const id = nextId();
    const r = await register(p, id);
    expect(r.kind).toBe("unknown");
    expect(atol.state.findByExternalId(id)).toBeUndefined();
  });

  it("never rejects on a network error or a non-JSON 200: unknown", async () => {
    const dead = createServer((_req, res) => res.end("not json"));
    await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
    const port = (dead.address() as AddressInfo).port;
    const garbage = await provider({ baseUrl: `http://127.0.0.1:${port}/possystem/v5` }).register(sellReceipt(), { externalId: nextId(), now: Date.now() });
    expect(garbage.kind).toBe("unknown");
    await new Promise<void>((r) => dead.close(() => r()));
    const refused = await provider({ baseUrl: `http://127.0.0.1:${port}/possystem/v5` }).register(sellReceipt(), { externalId: nextId(), now: Date.now() });
    expect(refused).toMatchObject({ kind: "unknown", message: "Не удалось связаться с АТОЛ Онлайн" });
  });

  it("rejects wrong credentials (code 12) as a configuration error «Неверный логин или пароль», never borrowing a cached token", async () => {
    accepted(await register(provider())); // the right password's token is cached for this login
    const p = provider({ credentials: { login: ATOL_TEST_ACCOUNT.login, password: "wrong", groupCode: GROUP } });
    const docs = atol.documents.size;
    expect(await register(p)).toEqual({ kind: "rejected", message: "Неверный логин или пароль", code: "12", configError: true, newIdNeeded: false });
    expect(atol.documents.size).toBe(docs);
    expect(await p.testConnection()).toEqual({ ok: false, message: "Неверный логин или пароль" });
  });

  it("rejects a group that is not the login's (code 20) as a configuration error", async () => {
    const p = provider({ credentials: { login: "other", password: "p", groupCode: GROUP } });
    expect(await register(p)).toMatchObject({ kind: "rejected", code: "20", configError: true, message: "Код группы не соответствует логину" });
    expect(await p.testConnection()).toEqual({ ok: false, message: "Код группы не соответствует логину" });
  });

  it("rejects a receipt the transform cannot express, without sending it", async () => {
    const before = atol.requests.length;
    const r = await provider().register(sellReceipt({ operation: "sell_correction" }), { externalId: nextId(), now: Date.now() });
    expect(r).toMatchObject({ kind: "rejected", configError: false, newIdNeeded: false });
    expect(atol.requests.slice(before).filter((q) => q.method === "POST" && !q.path.endsWith("/getToken"))).toHaveLength(0);
  });

  it("rejects an invalid receipt (code 32) without storing it; not a configuration error", async () => {
    const id = nextId();
    const r = await provider().register(unbalancedReceipt(), { externalId: id, now: Date.now() });
    expect(r).toMatchObject({ kind: "rejected", code: "32", configError: false, newIdNeeded: false });
    expect((r as { message: string }).message).toContain("Ошибка валидации входного чека");
    expect(atol.state.findByExternalId(id)).toBeUndefined();
  });
});

describe("fake ATOL: wire format", () => {
  const url = () => atol.url;
  async function token(): Promise<string> {
    const res = await fetch(`${url()}/getToken`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ login: ATOL_TEST_ACCOUNT.login, pass: ATOL_TEST_ACCOUNT.pass }) });
    return ((await res.json()) as any).token;
  }
  const doc = (externalId: string) => ({
    external_id: externalId,
    timestamp: "21.08.2026 14:05:00",
    receipt: {
      client: { email: "buyer@example.ru" },
      company: { email: "shop@example.ru", sno: "osn", inn: "5544332219", payment_address: "https://v5.online.atol.ru" },
      items: [{ name: "Консультация", price: 1000, quantity: 1, measure: 0, sum: 1000, payment_method: "full_payment", payment_object: 4, vat: { type: "vat22" } }],
      payments: [{ type: 1, sum: 1000 }],
      total: 1000,
    },
  });
  const post = (path: string, body: unknown, t?: string) =>
    fetch(`${url()}${path}`, { method: "POST", headers: { "Content-Type": "application/json; charset=utf-8", ...(t ? { Token: t } : {}) }, body: JSON.stringify(body) });

  it("answers 10 without a token, 11 for an expired one, 31 for an unknown operation", async () => {
    const missing = await post(`/${GROUP}/sell`, doc(nextId()));
    expect([missing.status, ((await missing.json()) as any).error.code]).toEqual([401, 10]);
    const t = await token();
    const bad = await post(`/${GROUP}/buy`, doc(nextId()), t);
    expect([bad.status, ((await bad.json()) as any).error.code]).toEqual([400, 31]);
    atol.state.expireTokens();
    const expired = await post(`/${GROUP}/sell`, doc(nextId()), t);
    expect([expired.status, ((await expired.json()) as any).error.code]).toEqual([401, 11]);
  });

  it("registers {uuid, status: wait, error: null}, answers a duplicate with 400 code 33 + the uuid, an unknown uuid with 400 code 30", async () => {
    const t = await token();
    const id = nextId();
    const first = (await (await post(`/${GROUP}/sell`, doc(id), t)).json()) as any;
    expect(first).toEqual({ uuid: expect.stringMatching(UUID_V4), status: "wait", error: null, timestamp: expect.any(String) });
    const dupRes = await post(`/${GROUP}/sell`, doc(id), t);
    const dup = (await dupRes.json()) as any;
    expect(dupRes.status).toBe(400);
    expect(dup).toMatchObject({ uuid: first.uuid, status: "wait", error: { code: 33, type: "system" } });
    expect(dup.error.text).toContain(id);
    const bad = await post(`/${GROUP}/sell`, { ...doc(nextId()), receipt: { ...doc("x").receipt, items: [] } }, t);
    expect([bad.status, ((await bad.json()) as any).error.code]).toEqual([400, 32]);
    const unknown = await fetch(`${url()}/${GROUP}/report/7b0f2a51-6c1e-4d5a-9a3f-1c2d3e4f5a6b`, { headers: { Token: t } });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()) as any).toMatchObject({ status: "fail", error: { code: 30 } });
  });
});

describe("ATOL adapter: reports", () => {
  it("reports pending (wait, 34), then done with the fiscal data, receipt_datetime read as Moscow time", async () => {
    atol.state.processingDelayMs = 150;
    const p = provider();
    const id = nextId();
    const uuid = accepted(await register(p, id));
    expect(await p.report({ externalId: id, providerUuid: uuid, operation: "sell" })).toEqual({ kind: "pending" });
    const r = await pollUntilSettled(p, id, uuid);
    expect(r.kind).toBe("done");
    const { fiscal, clock } = r as Extract<ReportOutcome, { kind: "done" }>;
    const payload = atol.documents.get(uuid)!.payload as Record<string, any>;
    expect(fiscal).toMatchObject({
      regNumberKkt: "0000000005020922",
      fnNumber: "9999078900006211",
      fiscalDocNumber: payload.fiscal_document_number,
      fiscalDocAttr: String(payload.fiscal_document_attribute),
      fiscalReceiptNumber: payload.fiscal_receipt_number,
      shiftNumber: 173,
      fiscalAtRaw: payload.receipt_datetime,
      totalKop: 100_000,
      test: true,
    });
    expect(fiscal.fiscalAt).toBe(moscowToUtcMs(payload.receipt_datetime));
    // The fake's ККТ clock runs 2 h ahead of ours.
    expect(Math.abs(fiscal.fiscalAt - (Date.now() + 2 * 3600_000))).toBeLessThan(5000);
    expect(clock?.remoteTime).toBeGreaterThan(Date.now() + 2 * 3600_000 - 5000);
  });

  it("reports a queue timeout (fail, type timeout) as failed with newIdNeeded", async () => {
    const p = provider();
    const id = nextId();
    const uuid = accepted(await register(p, id));
    atol.state.failDocument(id);
    const r = await pollUntilSettled(p, id, uuid);
    expect(r).toMatchObject({ kind: "failed", code: "1", newIdNeeded: true });
  });

  it("says not_found without a uuid (re-register with the same id) and for a uuid ATOL does not know (code 30)", async () => {
    const p = provider();
    expect(await p.report({ externalId: nextId(), providerUuid: null, operation: "sell" })).toEqual({ kind: "not_found" });
    expect(await p.report({ externalId: nextId(), providerUuid: "7b0f2a51-6c1e-4d5a-9a3f-1c2d3e4f5a6b", operation: "sell" })).toEqual({ kind: "not_found" });
  });

  it("answers unknown for a report lost to 5xx or a timeout", async () => {
    const p = provider();
    const id = nextId();
    const uuid = accepted(await register(p, id));
    atol.injectFault({ route: "report", fault: 502 });
    expect((await p.report({ externalId: id, providerUuid: uuid, operation: "sell" })).kind).toBe("unknown");
    atol.injectFault({ route: "report", fault: "timeout" });
    expect((await p.report({ externalId: id, providerUuid: uuid, operation: "sell" })).kind).toBe("unknown");
  });

  it("refreshes the token for a report too (code 11)", async () => {
    const p = provider();
    const id = nextId();
    const uuid = accepted(await register(p, id));
    const before = atol.tokensIssued;
    atol.state.expireTokens();
    expect((await p.report({ externalId: id, providerUuid: uuid, operation: "sell" })).kind).not.toBe("unknown");
    expect(atol.tokensIssued).toBe(before + 1);
  });

  it("keeps report requests of one group at least reportIntervalMs apart", async () => {
    const p = provider({ reportIntervalMs: 60 });
    const id = nextId();
    const uuid = accepted(await register(p, id));
    await sleep(70);
    const mark = atol.requests.length;
    const violations = atol.state.reportRateViolations;
    atol.state.reportMinIntervalMs = 55;
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map(() => p.report({ externalId: id, providerUuid: uuid, operation: "sell" })));
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 60 - 5);
    expect(atol.requests.slice(mark).filter((q) => q.path.includes("/report/"))).toHaveLength(4);
    expect(atol.state.reportRateViolations).toBe(violations);
    atol.state.reportMinIntervalMs = 35;
  });
});

describe("ATOL adapter: connection and clock", () => {
  it("tests the connection with a fresh token and a probe of the group", async () => {
    const p = provider();
    const before = atol.tokensIssued;
    const check = await p.testConnection();
    expect(check).toMatchObject({ ok: true, message: "Подключение к АТОЛ Онлайн работает" });
    expect(check.clock!.remoteTime - check.clock!.receivedAt).toBeGreaterThan(2 * 3600_000 - 2000);
    expect(atol.tokensIssued).toBe(before + 1);
    expect(atol.requests.at(-1)!.path).toContain(`/${GROUP}/report/`);
  });

  it("reads ATOL's clock (Moscow timestamp) against our send/receive times", async () => {
    const clock = await provider().readClock();
    expect(clock.sentAt).toBeLessThanOrEqual(clock.receivedAt);
    const offset = clock.remoteTime - (clock.sentAt + clock.receivedAt) / 2;
    expect(Math.abs(offset - 2 * 3600_000)).toBeLessThan(2000);
  });
});

describe("fake ATOL: callbacks and fault plan", () => {
  let hook: ReturnType<typeof createServer>;
  let hookUrl: string;
  const received: any[] = [];
  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/cb`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => hook.close(() => r()));
  });
  afterEach(() => atol.setFaults({}));

  async function until(cond: () => boolean, ms = 10_000) {
    const end = Date.now() + ms;
    while (!cond() && Date.now() < end) await sleep(20);
  }

  it("POSTs the report body to callback_url after done and after fail; drops callbacks on demand", async () => {
    const p = provider();
    const ok = nextId();
    const bad = nextId();
    const okUuid = accepted(await p.register(sellReceipt(), { externalId: ok, now: Date.now(), callbackUrl: hookUrl }));
    accepted(await p.register(sellReceipt(), { externalId: bad, now: Date.now(), callbackUrl: hookUrl }));
    atol.state.failDocument(bad);
    // Wait for the fake to process both documents (a fixed sleep was flaky on a loaded machine).
    await until(() => [ok, bad].every((id) => atol.callbacks.some((c) => (c.body as { external_id?: string }).external_id === id)));
    await atol.callbacksSettled();
    const done = received.find((b) => b.external_id === ok);
    expect(done).toMatchObject({ uuid: okUuid, status: "done", error: null, group_code: GROUP, callback_url: hookUrl });
    expect(done.payload.fn_number).toBe("9999078900006211");
    expect(received.find((b) => b.external_id === bad)).toMatchObject({ status: "fail", error: { type: "timeout" } });

    atol.setFaults({ callbackDropRate: 1 });
    const dropped = nextId();
    accepted(await p.register(sellReceipt(), { externalId: dropped, now: Date.now(), callbackUrl: hookUrl }));
    await until(() => atol.callbacks.some((c) => (c.body as { external_id?: string }).external_id === dropped));
    await atol.callbacksSettled();
    expect(received.find((b) => b.external_id === dropped)).toBeUndefined();
    expect(atol.callbacks.find((c) => (c.body as any).external_id === dropped)?.dropped).toBe(true);
  });

  it("injects random faults from a seeded plan; the adapter never rejects and never duplicates a document", async () => {
    const p = provider({ timeoutMs: 150 });
    atol.setFaults({ timeoutRate: 0.2, errorRate: 0.2, tokenExpiryRate: 0.1, documentTimeoutRate: 0.3, hangMs: 1000 });
    atol.state.random = (await import("../../fakes/fake-atol")).seededRandom(42);
    const kinds = new Set<string>();
    const ids = Array.from({ length: 12 }, () => nextId());
    for (const id of ids) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const r = await register(p, id);
        kinds.add(r.kind);
        if (r.kind === "accepted") break;
      }
    }
    expect(kinds.has("rejected")).toBe(false);
    expect(kinds.has("unknown")).toBe(true);
    for (const id of ids) expect(atol.registrations.get(id) ?? 0).toBeLessThanOrEqual(1);
    expect(atol.state.maxRegistrationsPerExternalId()).toBe(1);
    const faults = new Set(atol.requests.map((q) => q.fault).filter(Boolean));
    expect(faults.has("timeout")).toBe(true);
    expect([...faults].some((f) => f === "500" || f === "502" || f === "503")).toBe(true);
    atol.state.random = Math.random;
  });
});
