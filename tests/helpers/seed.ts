import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { insertProfile } from "@/lib/db/queries/cashboxes";
import { insertPortal } from "@/lib/db/queries/portals";
import { insertReceiptOnce } from "@/lib/db/queries/receipts";
import { externalIdFor } from "@/lib/fiscal/external-id";
import type { DomainReceipt } from "@/lib/receipts/types";

// Rows for tests that exercise the database layer directly (no Bitrix24 round trip needed).

export async function seedPortal(db: Db) {
  const portal = await insertPortal(db, { memberId: `m-${randomUUID()}`, domain: "seed.bitrix24.ru", status: "installed" });
  const profile = await insertProfile(db, {
    portalId: portal.id,
    name: "seed",
    provider: "sandbox",
    mode: "test",
    credentialsEnc: null,
    credentialsPublic: {},
    company: { inn: "5544332219", sno: "osn", paymentAddress: "https://shop.example", email: "shop@example.ru" },
    vatMap: {},
  });
  return { portal, profile };
}

export const sampleReceipt: DomainReceipt = {
  operation: "sell",
  checkType: "sell",
  items: [{ name: "Консультация", priceKop: 100_000, quantityMilli: 1000, sumKop: 100_000, vat: "vat22", vatSumKop: 18_033, paymentMethod: "full_payment", paymentObject: 4, measure: 0 }],
  payments: [{ type: "cashless", sumKop: 100_000 }],
  totalKop: 100_000,
  client: { email: "buyer@example.ru" },
  company: { inn: "5544332219", sno: "osn", paymentAddress: "https://shop.example", email: "shop@example.ru" },
};

export async function seedReceipt(db: Db, portalId: string, profileId: string) {
  const id = randomUUID();
  const row = await insertReceiptOnce(db, {
    id,
    portalId,
    profileId,
    source: "bitrix",
    bitrixUuid: `check|seed|${id}`,
    checkType: "sell",
    operation: "sell",
    receipt: sampleReceipt,
    totalKop: sampleReceipt.totalKop,
    externalId: externalIdFor(id, 1),
  });
  return row!;
}
