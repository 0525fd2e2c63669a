import { credentialsView } from "./credentials";
import type { CashboxProfile } from "@/lib/db/schema";

/** What the browser may see of a profile: never the password or any other secret. */
export function toCashboxView(p: CashboxProfile) {
  return {
    id: p.id,
    name: p.name,
    provider: p.provider,
    mode: p.mode,
    credentials: credentialsView(p),
    company: p.company,
    vatMap: p.vatMap,
    contactPolicy: p.contactPolicy,
    bitrix: { cashboxId: p.bitrixCashboxId, status: p.bitrixSyncError || !p.bitrixCashboxId ? ("error" as const) : ("synced" as const), error: p.bitrixSyncError },
    active: p.active,
    updatedAt: p.updatedAt.toISOString(),
  };
}

export type CashboxView = ReturnType<typeof toCashboxView>;
