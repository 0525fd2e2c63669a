import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createDb, type Db, type DbHandle } from "@/lib/db/client";
import { setDbForTests } from "@/lib/db";
import { startWsProxy } from "./ws-proxy";

export interface TestDb {
  db: Db;
  driver: DbHandle["driver"];
}

/**
 * A fresh, migrated database for one test file: PGlite in memory, or (TEST_DB=neon) a new database on the
 * Postgres at TEST_DATABASE_URL reached through the Neon serverless driver and a local WebSocket proxy.
 * The app's getDb() returns the same handle, so route handlers under test use it too.
 */
export function useTestDb(): TestDb {
  const state = {} as TestDb;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const { handle, dispose } = process.env.TEST_DB === "neon" ? await neonDb() : await pgliteDb();
    await handle.migrate();
    setDbForTests(handle);
    state.db = handle.db;
    state.driver = handle.driver;
    cleanup = async () => {
      setDbForTests(undefined);
      await handle.close();
      await dispose();
    };
  });
  afterAll(() => cleanup());
  return state;
}

async function pgliteDb() {
  return { handle: await createDb({ url: "pglite:memory" }), dispose: async () => {} };
}

async function neonDb() {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DB=neon needs TEST_DATABASE_URL");
  const name = `t_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const proxy = await startWsProxy();
  const handle = await createDb({ url: url.toString(), driver: "neon", neonWsProxy: proxy.url });
  return {
    handle,
    dispose: async () => {
      await proxy.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
