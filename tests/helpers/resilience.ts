import { expect } from "vitest";
import { POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import type { CashboxProfile } from "@/lib/db/schema";
import type { Db } from "@/lib/db/client";
import { drainOutbox } from "@/lib/fiscal/drain";
import type { PipelineDeps } from "@/lib/fiscal/pipeline-deps";
import { providerForProfile } from "@/lib/fiscal/provider-for";
import type { EmulatedCheck, EmulatedPortal } from "../fakes/bitrix-portal/emulator";
import { asUser, install, openApp, params } from "./app";
import { validCashbox } from "./fixtures";

// Shared pieces of the resilience suite (tests/integration/resilience-*.test.ts): a portal with an ATOL cashbox,
// a stream of paid payments, drain workers that run until a condition holds, and counting at the fakes.

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Installs the app on the emulated portal and adds an ATOL cashbox, as an admin would. */
export async function installWithCashbox(portal: EmulatedPortal): Promise<void> {
  await install(portal);
  const admin = await openApp(portal);
  expect((await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}))).status).toBe(201);
}

/** `n` paid payments, `concurrency` PRINT_URL posts in flight, each with its own sum (so documents are told apart). */
export async function printChecks(portal: EmulatedPortal, n: number, concurrency = 10, from = 0): Promise<EmulatedCheck[]> {
  const out: EmulatedCheck[] = [];
  for (let i = 0; i < n; i += concurrency) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(concurrency, n - i) }, (_, k) => {
        const sum = 100 + from + i + k;
        return portal.printCheck(portal.payment({ type: "sell", items: [{ name: `Товар ${from + i + k}`, price: sum, quantity: 1 }], payments: [{ type: "cashless", sum }] }));
      }),
    );
    out.push(...batch);
  }
  return out;
}

/** The provider with a short HTTP timeout and no report pacing (the fake ATOL does not enforce ATOL's 1 report/s). */
export const fastProvider = (p: CashboxProfile) => providerForProfile(p, { timeoutMs: 300, reportIntervalMs: 0 });

/**
 * Runs `workers` drain loops side by side (as several instances would) until `done()` holds or `limitMs` passes.
 * Returns whether it finished.
 */
export async function drainUntil(db: Db, done: () => boolean | Promise<boolean>, opts: { workers?: number; deps: Partial<PipelineDeps>; limitMs: number; budgetMs?: number }): Promise<boolean> {
  const until = Date.now() + opts.limitMs;
  while (Date.now() < until) {
    if (await done()) return true;
    await Promise.all(Array.from({ length: opts.workers ?? 2 }, (_, w) => drainOutbox(db, { budgetMs: opts.budgetMs ?? 500, concurrency: 8, workerId: `rw-${w}`, deps: opts.deps })));
    // Like the interval worker: a drain with nothing due returns at once, and PGlite answers without yielding to timers.
    await sleep(20);
  }
  return done();
}

/** The largest number of `times` (unix ms) inside any window of `windowMs`. */
export function maxPerWindow(times: number[], windowMs = 1_000): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Receipt id → ATOL documents registered for it (external_id is `<receipt id>-<attempt>`). */
export function documentsPerReceipt(docs: Iterable<{ externalId: string }>): Map<string, number> {
  const per = new Map<string, number>();
  for (const d of docs) {
    const receiptId = d.externalId.replace(/-\d+$/, "");
    per.set(receiptId, (per.get(receiptId) ?? 0) + 1);
  }
  return per;
}

/** How many check.apply calls reached the check (a repeat on a printed check changes nothing but still counts here). */
export const appliesOf = (c: EmulatedCheck) => c.history.filter((h) => h.source === "apply").length;
