// A fresh, migrated database on the real Postgres for one benchmark run (scripts/start-test-pg.sh starts one where
// none runs, as .ci/run does), dropped afterwards.
import { spawnSync } from "node:child_process";
import pg from "pg";
import type { Db } from "../../lib/db/client";

export const BENCH_BASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface BenchDatabase {
  name: string;
  url: string;
  /** A plain client on the bench database, for seeding and statistics. */
  admin: pg.Client;
  db: Db;
}

export async function withBenchDatabase<T>(run: (b: BenchDatabase) => Promise<T>): Promise<T> {
  spawnSync("bash", ["scripts/start-test-pg.sh"], { stdio: "inherit" });
  const name = `bench_${Date.now()}_${process.pid}`;
  const root = new pg.Client({ connectionString: BENCH_BASE_URL });
  await root.connect();
  await root.query(`create database ${name}`);
  const url = new URL(BENCH_BASE_URL);
  url.pathname = `/${name}`;
  const { createDb } = await import("../../lib/db/client");
  const handle = await createDb({ url: url.toString(), driver: "pg" });
  const admin = new pg.Client({ connectionString: url.toString() });
  try {
    await handle.migrate();
    await admin.connect();
    return await run({ name, url: url.toString(), admin, db: handle.db });
  } finally {
    await admin.end();
    await handle.close();
    // No `with (force)`: killing a connection some pool still holds would crash this process after the results.
    await root.query(`drop database if exists ${name}`).catch((err) => console.error(`could not drop ${name}: ${err.message} (drop it by hand)`));
    await root.end();
  }
}
