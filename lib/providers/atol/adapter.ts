import type { CashboxProvider, ConnectionCheck } from "../types";
import { ProviderError } from "../types";
import { getAtolToken } from "./client";

export interface AtolCredentials {
  login: string;
  password: string;
  groupCode: string;
}

export function atolProvider(baseUrl: string, credentials: AtolCredentials): CashboxProvider {
  return {
    name: "atol",
    async testConnection(): Promise<ConnectionCheck> {
      try {
        const t = await getAtolToken(baseUrl, credentials.login, credentials.password);
        return { ok: true, message: "Подключение к АТОЛ Онлайн работает", providerTime: t.serverTime };
      } catch (err) {
        if (err instanceof ProviderError) return { ok: false, message: err.message };
        throw err;
      }
    },
  };
}
