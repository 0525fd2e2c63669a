import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { cashboxProfiles, type CashboxProfile, type NewCashboxProfile } from "../schema";

// Cashbox profiles, always scoped by portal: a profile id from another portal is simply not found.

const live = (portalId: string) => and(eq(cashboxProfiles.portalId, portalId), isNull(cashboxProfiles.deletedAt));

export async function listProfiles(db: Db, portalId: string): Promise<CashboxProfile[]> {
  return db.select().from(cashboxProfiles).where(live(portalId)).orderBy(asc(cashboxProfiles.createdAt));
}

export async function getProfile(db: Db, params: { portalId: string; id: string }): Promise<CashboxProfile | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) return undefined;
  const [row] = await db.select().from(cashboxProfiles).where(and(live(params.portalId), eq(cashboxProfiles.id, params.id))).limit(1);
  return row;
}

export async function insertProfile(db: Db, values: NewCashboxProfile): Promise<CashboxProfile> {
  const [row] = await db.insert(cashboxProfiles).values(values).returning();
  return row!;
}

export async function updateProfile(
  db: Db,
  params: { portalId: string; id: string },
  fields: Partial<Omit<NewCashboxProfile, "id" | "portalId">>,
): Promise<CashboxProfile> {
  const [row] = await db
    .update(cashboxProfiles)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(cashboxProfiles.portalId, params.portalId), eq(cashboxProfiles.id, params.id)))
    .returning();
  return row!;
}

/** Uninstall without data removal: credentials go, the Bitrix24 cashbox link goes (Bitrix24 deletes the cashbox). */
export async function eraseProfileSecrets(db: Db, portalId: string): Promise<void> {
  await db
    .update(cashboxProfiles)
    .set({ credentialsEnc: null, bitrixCashboxId: null, updatedAt: new Date() })
    .where(eq(cashboxProfiles.portalId, portalId));
}
