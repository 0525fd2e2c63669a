import { decryptJson } from "@/lib/crypto";
import type { CashboxProfile } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { getProvider } from "@/lib/providers/registry";
import type { CashboxProvider } from "@/lib/providers/types";

/** The provider for a profile with its decrypted credentials; null when the credentials were erased. */
export function providerForProfile(profile: CashboxProfile): CashboxProvider | null {
  if (!profile.credentialsEnc) return null;
  const e = env();
  return getProvider(
    { provider: profile.provider, mode: profile.mode, credentials: decryptJson(profile.credentialsEnc) } as Parameters<typeof getProvider>[0],
    { atol: e.ATOL_BASE_URL, evotor: e.EVOTOR_BASE_URL, orangedata: e.ORANGEDATA_BASE_URL } as never,
  );
}
