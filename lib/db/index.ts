import "server-only";
import { env } from "@/lib/env";
import { createDb, type Db, type DbHandle } from "./client";

export type { Db } from "./client";

const g = globalThis as unknown as { __b24kassaDb?: Promise<DbHandle> };

/**
 * The process-wide database. Cached on globalThis so dev HMR never opens a second PGlite on the same folder.
 * PGlite (the embedded default) migrates itself on first use: it is one process, so there is no migration race.
 * Server databases are migrated by the `db:migrate` release step instead.
 */
export async function getDb(): Promise<Db> {
  g.__b24kassaDb ??= (async () => {
    const e = env();
    const handle = await createDb({ url: e.DATABASE_URL, driver: e.DATABASE_DRIVER, dataDir: e.DATA_DIR, neonWsProxy: e.NEON_WS_PROXY });
    if (handle.driver === "pglite") await handle.migrate();
    return handle;
  })().catch((err) => {
    g.__b24kassaDb = undefined;
    throw err;
  });
  return (await g.__b24kassaDb).db;
}

/** Tests install their own database (PGlite in memory, or a fresh Postgres database through the Neon driver). */
export function setDbForTests(handle: DbHandle | undefined): void {
  g.__b24kassaDb = handle ? Promise.resolve(handle) : undefined;
}
