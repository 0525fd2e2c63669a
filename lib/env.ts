import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The only reader of process.env. Parsed once (lazily, so tests can set variables before the first use).

const REQUIRED_IN_PRODUCTION = ["APP_URL", "APP_SECRET", "B24_CLIENT_ID", "B24_CLIENT_SECRET", "DATABASE_URL"] as const;

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z.url().optional(),
  APP_SECRET: z.string().min(32, "APP_SECRET must be at least 32 characters").optional(),
  /** Previous APP_SECRET, still accepted for decryption while secrets are re-encrypted after a rotation. */
  APP_SECRET_PREVIOUS: z.string().min(32).optional(),
  B24_CLIENT_ID: z.string().min(1).optional(),
  B24_CLIENT_SECRET: z.string().min(1).optional(),
  B24_OAUTH_URL: z.url().default("https://oauth.bitrix.info"),
  B24_ALLOW_HTTP_PORTALS: flag,
  /** Extra origins allowed to frame the app (on-premise portals, the local emulator), space separated. */
  B24_FRAME_ANCESTORS: z.string().default(""),
  /** Code of our cash-register handler in Bitrix24 (unique per portal). */
  B24_HANDLER_CODE: z.string().regex(/^[a-z0-9_]{3,50}$/).default("b24_cloud_kassa"),
  DATABASE_URL: z.string().min(1).optional(),
  DATABASE_DRIVER: z.enum(["pglite", "neon", "pg"]).optional(),
  /** Neon WebSocket proxy (tests: Neon driver against a local Postgres). */
  NEON_WS_PROXY: z.string().optional(),
  ATOL_BASE_URL: z.url().optional(),
  /** Host overrides of the other providers (fakes in tests, demos); the real hosts by mode otherwise. */
  EVOTOR_BASE_URL: z.url().optional(),
  ORANGEDATA_BASE_URL: z.url().optional(),
  CRON_SECRET: z.string().min(16).optional(),
  /** In-process outbox worker period (long-running servers); 0 turns it off (serverless: after() + cron). */
  OUTBOX_WORKER_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
  /** Set by Next.js while building; no background work then. */
  NEXT_PHASE: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  DATA_DIR: z.string().default(".data"),
});

export type Env = z.infer<typeof schema> & {
  APP_URL: string;
  APP_SECRET: string;
  B24_CLIENT_ID: string;
  B24_CLIENT_SECRET: string;
  isProduction: boolean;
};

let cached: Env | undefined;

export class EnvError extends Error {}

/** Parses the environment once. In production every variable of REQUIRED_IN_PRODUCTION must be set. */
export function env(): Env {
  if (cached) return cached;
  const source = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")) as Record<string, string>;
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new EnvError(`Invalid environment: ${issues}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === "production";
  if (isProduction) {
    const missing = REQUIRED_IN_PRODUCTION.filter((k) => !e[k]);
    if (missing.length) throw new EnvError(`Missing required environment variable(s) in production: ${missing.join(", ")}`);
  }
  cached = {
    ...e,
    APP_URL: (e.APP_URL ?? "http://localhost:3000").replace(/\/+$/, ""),
    APP_SECRET: e.APP_SECRET ?? devSecret(e.DATA_DIR),
    B24_CLIENT_ID: e.B24_CLIENT_ID ?? "local.dev",
    B24_CLIENT_SECRET: e.B24_CLIENT_SECRET ?? "local-dev-secret",
    isProduction,
  };
  return cached;
}

/** Tests change the environment between cases; production never calls this. */
export function resetEnvCache(): void {
  cached = undefined;
}

// A development secret generated once and kept under the data folder, so sessions and encrypted
// settings survive restarts of `npm run dev` without any configuration.
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, "dev-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first run: create below
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
