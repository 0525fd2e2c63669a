import type { CashboxProvider } from "../types";
import { atolProvider, type AtolProviderConfig } from "../atol/adapter";

// Evotor's "АТОЛ Онлайн" connector: the ATOL v5 protocol (getToken, {group}/{operation}, report) on Evotor's host,
// with credentials from the Evotor cabinet (cloud-cashbox-providers.md §3.9).

export const EVOTOR_HOSTS = {
  live: "https://fiscalization.evotor.ru/possystem/v5",
  /** Seen only in third-party code; not confirmed by Evotor's documentation (reference §7, question 10). */
  test: "https://fiscalization-test.evotor.ru/possystem/v5",
} as const;

export function evotorProvider(config: Omit<AtolProviderConfig, "name">): CashboxProvider {
  return atolProvider({ ...config, name: "evotor" });
}
