// npm run db:migrate — the release step for server databases (Neon, self-hosted Postgres) and PGlite folders.
import { createDb } from "../lib/db/client";
import { env } from "../lib/env";

const e = env();
const handle = await createDb({ url: e.DATABASE_URL, driver: e.DATABASE_DRIVER, dataDir: e.DATA_DIR, neonWsProxy: e.NEON_WS_PROXY });
const started = Date.now();
await handle.migrate();
await handle.close();
console.log(`migrated (${handle.driver}) in ${Date.now() - started} ms`);
