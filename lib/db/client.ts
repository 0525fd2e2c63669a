import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

/** One type for every pg-family driver (PGlite, Neon serverless Pool, node-postgres) and their transactions. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;
export type DbDriver = "pglite" | "neon" | "pg";

export interface DbHandle {
  db: Db;
  driver: DbDriver;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

/** Picks the driver: unset or `pglite:<dir>` → PGlite; a Neon host → Neon Pool; other Postgres URLs → node-postgres. */
export function chooseDriver(url: string | undefined, override?: DbDriver): DbDriver {
  if (override) return override;
  if (!url || url.startsWith("pglite:")) return "pglite";
  return /\.neon\.tech(?::\d+)?\//.test(url) || /neon/.test(new URL(url).hostname) ? "neon" : "pg";
}

export interface CreateDbParams {
  url?: string;
  driver?: DbDriver;
  /** Default folder for PGlite when no URL is given. */
  dataDir?: string;
  /** Neon WebSocket proxy host:port (tests run the Neon driver against a local Postgres through it). */
  neonWsProxy?: string;
}

export async function createDb(params: CreateDbParams = {}): Promise<DbHandle> {
  const driver = chooseDriver(params.url, params.driver);
  if (driver === "pglite") return createPglite(params);
  if (!params.url) throw new Error(`DATABASE_URL is required for the ${driver} driver`);
  return driver === "neon" ? createNeon(params.url, params.neonWsProxy) : createPg(params.url);
}

async function createPglite(params: CreateDbParams): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const spec = params.url?.startsWith("pglite:") ? params.url.slice("pglite:".length).replace(/^\/\//, "") : undefined;
  // "pglite:memory" is an in-memory database (tests); anything else is a folder.
  const dir = spec === "memory" ? undefined : spec || path.join(params.dataDir ?? ".data", "pglite");
  if (dir) mkdirSync(dir, { recursive: true }); // PGlite creates only the last path segment
  const client = new PGlite(dir);
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    driver: "pglite",
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

async function createNeon(url: string, wsProxy?: string): Promise<DbHandle> {
  const { Pool, neonConfig } = await import("@neondatabase/serverless");
  const { drizzle } = await import("drizzle-orm/neon-serverless");
  const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
  // Node 20 has no global WebSocket.
  if (typeof WebSocket === "undefined") neonConfig.webSocketConstructor = (await import("ws")).default;
  if (wsProxy) {
    neonConfig.wsProxy = (host, port) => `${wsProxy}/v2?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    neonConfig.pipelineTLS = false;
  }
  const pool = new Pool({ connectionString: url });
  const db = drizzle(pool, { schema });
  return {
    db: db as unknown as Db,
    driver: "neon",
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => pool.end(),
  };
}

async function createPg(url: string): Promise<DbHandle> {
  const pg = (await import("pg")).default;
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = drizzle(pool, { schema });
  return {
    db: db as unknown as Db,
    driver: "pg",
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => pool.end(),
  };
}
