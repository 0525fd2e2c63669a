import path from "node:path";
import { defineConfig } from "vitest/config";

// Projects: unit (pure, no I/O), integration on PGlite, e2e when E2E=1, and — when TEST_DATABASE_URL points at a real Postgres
// (as .ci/run does) — the same integration files through the Neon serverless driver (the production path).

const root = import.meta.dirname;
const alias = { "@": root, "server-only": path.join(root, "tests/helpers/empty-module.ts") };
const env = {
  NODE_ENV: "test" as const,
  APP_URL: "http://app.test",
  APP_SECRET: "test-app-secret-0123456789-abcdefghijklmnop",
  B24_CLIENT_ID: "local.test",
  B24_CLIENT_SECRET: "test-secret",
  B24_ALLOW_HTTP_PORTALS: "1",
  DATA_DIR: ".data/test",
  LOG_LEVEL: "info",
};

const integration = (name: string, db: "pglite" | "neon") => ({
  resolve: { alias },
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    env: { ...env, TEST_DB: db },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: db === "pglite",
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], env } },
      integration("integration", "pglite"),
      ...(process.env.TEST_DATABASE_URL ? [integration("integration-neon", "neon")] : []),
      // End-to-end in Debian Chromium against `next start`: `npm run test:e2e` (builds first; CI runs it).
      ...(process.env.E2E === "1"
        ? [{ resolve: { alias }, test: { name: "e2e", include: ["tests/e2e/**/*.e2e.test.ts"], env, testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false } }]
        : []),
    ],
  },
});
