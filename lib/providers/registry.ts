import { atolProvider, type AtolCredentials } from "./atol/adapter";
import { ATOL_HOSTS } from "./atol/client";
import { EVOTOR_HOSTS, evotorProvider } from "./evotor/adapter";
import { orangeProvider, type OrangeCredentials } from "./orangedata/adapter";
import { ORANGE_HOSTS } from "./orangedata/client";
import { sandboxProvider } from "./sandbox/adapter";
import type { CashboxProvider } from "./types";

// One place that turns a cashbox profile (provider name, mode, decrypted credentials) into a CashboxProvider.
// No env reads: host overrides come from the caller (lib/env.ts ATOL_BASE_URL, EVOTOR_BASE_URL, ORANGEDATA_BASE_URL).

export type ProviderName = "atol" | "evotor" | "orangedata" | "sandbox";
export type ProviderMode = "test" | "live";

export type ProviderConfig =
  | { provider: "atol" | "evotor"; mode: ProviderMode; credentials: AtolCredentials }
  | { provider: "orangedata"; mode: ProviderMode; credentials: OrangeCredentials }
  | { provider: "sandbox"; mode?: ProviderMode; credentials?: unknown };

export interface ProviderOverrides {
  /** Base URLs replacing the real hosts (fakes in tests, demos). */
  atol?: string;
  evotor?: string;
  orangedata?: string;
  /** Per-request timeout (ms); the adapters default to 15 s. */
  timeoutMs?: number;
  /** ATOL/Evotor report spacing per group (ms); default 1000 (ATOL's limit). */
  reportIntervalMs?: number;
}

/** Real hosts per provider and mode. Evotor's test host is unverified (seen only in third-party code). */
export const PROVIDER_HOSTS = { atol: ATOL_HOSTS, evotor: EVOTOR_HOSTS, orangedata: ORANGE_HOSTS } as const;

/** Builds the provider for a profile. Hosts are the real ones for the mode unless overridden. */
export function getProvider(config: ProviderConfig, overrides: ProviderOverrides = {}): CashboxProvider {
  const tuning = { timeoutMs: overrides.timeoutMs, reportIntervalMs: overrides.reportIntervalMs };
  switch (config.provider) {
    case "atol":
      return atolProvider({ baseUrl: overrides.atol ?? ATOL_HOSTS[config.mode], credentials: config.credentials, ...tuning });
    case "evotor":
      return evotorProvider({ baseUrl: overrides.evotor ?? EVOTOR_HOSTS[config.mode], credentials: config.credentials, ...tuning });
    case "orangedata":
      return orangeProvider({ baseUrl: overrides.orangedata ?? ORANGE_HOSTS[config.mode], timeoutMs: overrides.timeoutMs, ...config.credentials });
    case "sandbox":
      return sandboxProvider();
    default: {
      const exhaustive: never = config;
      throw new Error(`unknown provider ${String((exhaustive as { provider?: unknown }).provider)}`);
    }
  }
}
