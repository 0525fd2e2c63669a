import type { CashboxMode, ProviderName } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { atolProvider, type AtolCredentials } from "./atol/adapter";
import { ATOL_HOSTS } from "./atol/client";
import type { CashboxProvider } from "./types";

export interface ProviderConfig {
  provider: ProviderName;
  mode: CashboxMode;
  credentials: AtolCredentials;
}

/** Builds the provider for a profile. Hosts are the real ones for the mode unless overridden for tests and demos. */
export function getProvider(config: ProviderConfig): CashboxProvider {
  switch (config.provider) {
    case "atol":
      return atolProvider(env().ATOL_BASE_URL ?? ATOL_HOSTS[config.mode], config.credentials);
    default: {
      const exhaustive: never = config.provider;
      throw new Error(`unknown provider ${String(exhaustive)}`);
    }
  }
}
