/** Evotor = the ATOL v5 protocol on Evotor's host: the ATOL adapter under another name, against the fake ATOL. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearAtolTokenCache } from "@/lib/providers/atol/adapter";
import { EVOTOR_HOSTS, evotorProvider } from "@/lib/providers/evotor/adapter";
import { getProvider } from "@/lib/providers/registry";
import { ATOL_TEST_ACCOUNT, startFakeAtol, type FakeAtol } from "../../fakes/fake-atol";
import { nextId, sellReceipt, sleep } from "./receipt-fixture";

const credentials = { login: ATOL_TEST_ACCOUNT.login, password: ATOL_TEST_ACCOUNT.pass, groupCode: ATOL_TEST_ACCOUNT.groupCodes[0]! };
let fake: FakeAtol;

beforeAll(async () => {
  clearAtolTokenCache();
  fake = await startFakeAtol({ processingDelayMs: 10 });
});
afterAll(async () => {
  await fake?.close();
});

describe("Evotor adapter", () => {
  it("registers and reports through the ATOL protocol under the name 'evotor'", async () => {
    const p = evotorProvider({ baseUrl: fake.url, credentials, reportIntervalMs: 20 });
    expect(p.name).toBe("evotor");
    expect(await p.testConnection()).toMatchObject({ ok: true, message: "Подключение к Эвотор работает" });
    const id = nextId("evotor");
    const r = await p.register(sellReceipt(), { externalId: id, now: Date.now() });
    expect(r.kind).toBe("accepted");
    const uuid = (r as { providerUuid: string }).providerUuid;
    expect(fake.documents.get(uuid)?.externalId).toBe(id);
    // Poll until the fake has processed it (no fixed sleep: a loaded machine may take longer).
    let kind = "pending";
    for (let i = 0; i < 500 && kind === "pending"; i++) {
      kind = (await p.report({ externalId: id, providerUuid: uuid, operation: "sell" })).kind;
      if (kind === "pending") await sleep(20);
    }
    expect(kind).toBe("done");
  });

  it("comes out of the registry with the host override, and says so when the host is down", async () => {
    const p = getProvider({ provider: "evotor", mode: "live", credentials }, { evotor: fake.url });
    expect(p.name).toBe("evotor");
    expect((await p.testConnection()).ok).toBe(true);
    expect(EVOTOR_HOSTS.live).toBe("https://fiscalization.evotor.ru/possystem/v5");
    const down = evotorProvider({ baseUrl: "http://127.0.0.1:9/possystem/v5", credentials, timeoutMs: 500 });
    expect(await down.register(sellReceipt(), { externalId: nextId(), now: Date.now() })).toMatchObject({
      kind: "unknown",
      message: "Не удалось связаться с Эвотор",
    });
  });
});
