import type { RestClient } from "@/lib/bitrix/portal-client";
import { parseCatalogVats } from "@/lib/cashboxes/vat";
import type { Db } from "@/lib/db/client";
import { countOrdersWithSeveralPayments, listTestReceipts } from "@/lib/db/queries/readiness";
import type { CashboxProfile } from "@/lib/db/schema";
import { log } from "@/lib/log";
import type { ReadinessFacts } from "./types";

// Collects the facts for the rules: our tables plus three reads from the portal (in one batch). A portal that does
// not answer leaves those facts unknown — the check then says "could not verify", never "all good".

type CashboxRow = { ID: string | number; ACTIVE?: string; ENABLED?: string; OFD?: string | null };
type HandlerRow = { CODE?: string; SETTINGS?: { SUPPORTS_FFD105?: string } };

export async function gatherFacts(db: Db, p: { portalId: string; profile: CashboxProfile | null; rest: RestClient; handlerCode: string }): Promise<ReadinessFacts> {
  const { profile } = p;
  const [portalSide, ordersWithSeveralPayments, tests] = await Promise.all([
    readPortal(p.rest),
    countOrdersWithSeveralPayments(db, p.portalId),
    profile ? listTestReceipts(db, { portalId: p.portalId, profileId: profile.id }) : Promise.resolve([]),
  ]);
  const ours = portalSide.cashboxes?.find((c) => profile?.bitrixCashboxId !== null && Number(c.ID) === profile?.bitrixCashboxId);
  const handler = portalSide.handlers?.find((h) => h.CODE === p.handlerCode);
  const latest = tests[0];
  return {
    profile: profile && {
      id: profile.id,
      name: profile.name,
      provider: profile.provider,
      mode: profile.mode,
      vatMap: profile.vatMap,
      contactPolicy: profile.contactPolicy,
      hasCredentials: profile.provider === "sandbox" || profile.credentialsEnc !== null,
      bitrixCashboxId: profile.bitrixCashboxId,
    },
    catalogVats: portalSide.vats,
    bitrixCashbox: portalSide.cashboxes === null ? undefined : ours ? { active: ours.ACTIVE === "Y", enabled: ours.ENABLED !== "N", ofd: ours.OFD ?? "" } : null,
    otherActiveCashboxes: (portalSide.cashboxes ?? []).filter((c) => c !== ours && c.ACTIVE === "Y").length,
    handlerSupportsFfd105: portalSide.handlers === null || !handler ? undefined : handler.SETTINGS?.SUPPORTS_FFD105 === "Y",
    ordersWithSeveralPayments,
    testReceipt: latest ? { status: latest.status, fiscalisedAt: latest.fiscalisedAt, lastError: latest.lastError } : null,
  };
}

async function readPortal(rest: RestClient) {
  const out = { vats: null as Array<{ id: string; name: string }> | null, cashboxes: null as CashboxRow[] | null, handlers: null as HandlerRow[] | null };
  try {
    const r = await rest.batch({
      vats: { method: "catalog.vat.list", params: { select: ["id", "name", "rate"], order: { id: "ASC" } } },
      cashboxes: { method: "sale.cashbox.list", params: { SELECT: ["ID", "ACTIVE", "ENABLED", "OFD"] } },
      handlers: { method: "sale.cashbox.handler.list", params: {} },
    });
    if (r.vats?.ok) out.vats = parseCatalogVats(r.vats.result);
    if (r.cashboxes?.ok) out.cashboxes = asArray<CashboxRow>(r.cashboxes.result);
    if (r.handlers?.ok) out.handlers = asArray<HandlerRow>(r.handlers.result);
  } catch (err) {
    log.warn("readiness: portal did not answer", { error: err });
  }
  return out;
}

/** Lists come as arrays, or as PHP-style objects keyed by index. */
function asArray<T>(v: unknown): T[] {
  if (Array.isArray(v)) return v as T[];
  return v && typeof v === "object" ? (Object.values(v) as T[]) : [];
}
