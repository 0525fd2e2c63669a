import { defineConfig } from "drizzle-kit";

// drizzle-kit reads the schema folder and writes SQL migrations into drizzle/ (never edited after release).
const url = process.env.DATABASE_URL;
const pglite = !url || url.startsWith("pglite:");

export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema/index.ts",
  out: "./drizzle",
  ...(pglite
    ? { driver: "pglite" as const, dbCredentials: { url: url ? url.slice("pglite:".length) : ".data/pglite" } }
    : { dbCredentials: { url: url! } }),
});
