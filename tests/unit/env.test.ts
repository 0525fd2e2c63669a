import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { env, resetEnvCache } from "@/lib/env";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

function stubOnly(vars: Record<string, string | undefined>) {
  for (const k of ["APP_URL", "APP_SECRET", "B24_CLIENT_ID", "B24_CLIENT_SECRET", "DATABASE_URL", "B24_ALLOW_HTTP_PORTALS"]) vi.stubEnv(k, undefined);
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvCache();
}

describe("env", () => {
  it("refuses to start in production and names every missing variable", () => {
    stubOnly({ NODE_ENV: "production", APP_URL: "https://kassa.example.ru" });
    expect(() => env()).toThrow(/APP_SECRET, B24_CLIENT_ID, B24_CLIENT_SECRET, DATABASE_URL/);
  });

  it("accepts a pglite: DATABASE_URL in production (single machine)", () => {
    stubOnly({
      NODE_ENV: "production",
      APP_URL: "https://kassa.example.ru/",
      APP_SECRET: "x".repeat(40),
      B24_CLIENT_ID: "app.123",
      B24_CLIENT_SECRET: "s",
      DATABASE_URL: "pglite:/var/lib/kassa",
    });
    expect(env().APP_URL).toBe("https://kassa.example.ru");
    expect(env().isProduction).toBe(true);
  });

  it("runs in development with no configuration and keeps a generated secret under the data folder", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kassa-env-"));
    stubOnly({ NODE_ENV: "development", DATA_DIR: dir });
    const first = env().APP_SECRET;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, "dev-secret"), "utf8")).toBe(first);
    resetEnvCache();
    expect(env().APP_SECRET).toBe(first);
    expect(env().B24_OAUTH_URL).toBe("https://oauth.bitrix.info");
    expect(env().B24_ALLOW_HTTP_PORTALS).toBe(false);
  });

  it("rejects a short APP_SECRET", () => {
    stubOnly({ APP_SECRET: "short" });
    expect(() => env()).toThrow(/APP_SECRET/);
  });
});
