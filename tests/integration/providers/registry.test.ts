/** The registry picks the real host for the mode unless overridden, and builds every provider name. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { clearAtolTokenCache } from "@/lib/providers/atol/adapter";
import { getProvider, type ProviderConfig } from "@/lib/providers/registry";

const atolCreds = { login: "l", password: "p", groupCode: "g" };

afterEach(() => {
  vi.unstubAllGlobals();
  clearAtolTokenCache();
});

/** Runs testConnection with fetch stubbed and returns the first URL asked for. */
async function firstUrl(config: ProviderConfig, overrides = {}): Promise<string> {
  const seen: string[] = [];
  vi.stubGlobal("fetch", async (url: string) => {
    seen.push(String(url));
    return new Response(JSON.stringify({ error: { code: 12, text: "x", type: "system" }, timestamp: "01.01.2026 00:00:00" }), { status: 401 });
  });
  await getProvider(config, overrides).testConnection();
  return seen[0]!;
}

describe("provider registry", () => {
  it("uses ATOL's test and live hosts by mode, Evotor's host, and overrides", async () => {
    expect(await firstUrl({ provider: "atol", mode: "test", credentials: atolCreds })).toBe("https://testonline.atol.ru/possystem/v5/getToken");
    expect(await firstUrl({ provider: "atol", mode: "live", credentials: atolCreds })).toBe("https://online.atol.ru/possystem/v5/getToken");
    expect(await firstUrl({ provider: "evotor", mode: "live", credentials: atolCreds })).toBe("https://fiscalization.evotor.ru/possystem/v5/getToken");
    expect(await firstUrl({ provider: "atol", mode: "live", credentials: atolCreds }, { atol: "http://fake.test/possystem/v5/" })).toBe(
      "http://fake.test/possystem/v5/getToken",
    );
  });

  it("builds every provider by name", () => {
    const orange = { inn: "7727401209", group: "Main_2", clientCert: "", clientKey: "", signingKey: "" };
    expect(getProvider({ provider: "atol", mode: "test", credentials: atolCreds }).name).toBe("atol");
    expect(getProvider({ provider: "evotor", mode: "test", credentials: atolCreds }).name).toBe("evotor");
    expect(getProvider({ provider: "orangedata", mode: "test", credentials: orange }).name).toBe("orangedata");
    expect(getProvider({ provider: "sandbox" }).name).toBe("sandbox");
    expect(() => getProvider({ provider: "nope" } as unknown as ProviderConfig)).toThrow(/unknown provider nope/);
  });
});
