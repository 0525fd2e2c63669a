import { decryptJson } from "@/lib/crypto";
import type { CashboxProfile } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { getProvider, type ProviderConfig, type ProviderOverrides } from "@/lib/providers/registry";
import type { CashboxProvider } from "@/lib/providers/types";

/**
 * The provider for a profile with its decrypted credentials (host overrides from env for tests and demos);
 * null when the credentials were erased (uninstall, deleted cashbox) and nothing can be sent.
 */
export function providerForProfile(profile: CashboxProfile, tuning: Pick<ProviderOverrides, "timeoutMs" | "reportIntervalMs"> = {}): CashboxProvider | null {
  if (!profile.credentialsEnc) return null;
  const e = env();
  return getProvider(providerConfig(profile, decryptJson(profile.credentialsEnc)), {
    atol: e.ATOL_BASE_URL,
    evotor: e.EVOTOR_BASE_URL,
    orangedata: e.ORANGEDATA_BASE_URL,
    ...tuning,
  });
}

function providerConfig(profile: CashboxProfile, credentials: Record<string, string>): ProviderConfig {
  switch (profile.provider) {
    case "atol":
    case "evotor":
      return { provider: profile.provider, mode: profile.mode, credentials: { login: credentials.login!, password: credentials.password!, groupCode: credentials.groupCode! } };
    case "orangedata":
      // Orange identifies the organisation by its INN in every call: the profile's company INN.
      return {
        provider: "orangedata",
        mode: profile.mode,
        credentials: {
          inn: profile.company.inn,
          group: credentials.group!,
          key: credentials.key || undefined,
          clientCert: credentials.clientCert!,
          clientKey: credentials.clientKey!,
          signingKey: credentials.signingKey!,
        },
      };
    case "sandbox":
      return { provider: "sandbox" };
  }
}
