import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { portals, restCalls, type NewPortal, type Portal } from "../schema";

// Portal rows are looked up by member_id (Bitrix24's tenant key) or by our id; every other table hangs off portal_id.

export async function getPortalByMemberId(db: Db, memberId: string): Promise<Portal | undefined> {
  const [row] = await db.select().from(portals).where(eq(portals.memberId, memberId)).limit(1);
  return row;
}

export async function getPortalById(db: Db, id: string): Promise<Portal | undefined> {
  const [row] = await db.select().from(portals).where(eq(portals.id, id)).limit(1);
  return row;
}

/** Row lock for the token refresh: concurrent refreshers of one portal queue here and re-read what the first stored. */
export async function lockPortal(db: Db, id: string): Promise<Portal | undefined> {
  const [row] = await db.select().from(portals).where(eq(portals.id, id)).for("update").limit(1);
  return row;
}

export type PortalInstallFields = Omit<NewPortal, "id" | "createdAt" | "updatedAt">;

export async function insertPortal(db: Db, fields: PortalInstallFields): Promise<Portal> {
  const [row] = await db.insert(portals).values(fields).returning();
  return row!;
}

export async function updatePortal(db: Db, id: string, fields: Partial<PortalInstallFields>): Promise<Portal> {
  const [row] = await db
    .update(portals)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(portals.id, id))
    .returning();
  return row!;
}

export interface StoredTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string;
  tokenExpires: number;
  scope?: string | null;
  appStatus?: string | null;
}

/** Stores a rotated token pair and bumps the version that refreshers compare. */
export async function saveTokens(db: Db, id: string, tokens: StoredTokens): Promise<Portal> {
  const [row] = await db
    .update(portals)
    .set({ ...tokens, tokenVersion: sql`${portals.tokenVersion} + 1`, lastAuthError: null, updatedAt: new Date() })
    .where(eq(portals.id, id))
    .returning();
  return row!;
}

export async function deletePortal(db: Db, id: string): Promise<void> {
  await db.delete(portals).where(eq(portals.id, id));
}


export interface RestCallRecord {
  portalId: string;
  method: string;
  params: unknown;
  ok: boolean;
  errorCode?: string | null;
  status?: number | null;
  durationMs: number;
}

export async function addRestCall(db: Db, r: RestCallRecord): Promise<void> {
  await db.insert(restCalls).values({
    portalId: r.portalId,
    method: r.method,
    params: r.params,
    ok: r.ok ? "ok" : "error",
    errorCode: r.errorCode ?? null,
    status: r.status ?? null,
    durationMs: r.durationMs,
  });
}

export async function listInstalledPortals(db: Db): Promise<Portal[]> {
  return db.select().from(portals).where(eq(portals.status, "installed"));
}
