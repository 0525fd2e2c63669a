/** The sandbox provider fiscalises in-process with obviously fake data, idempotently per external id. */
import { beforeEach, describe, expect, it } from "vitest";
import { clearSandbox, sandboxProvider } from "@/lib/providers/sandbox/adapter";
import { moscowToUtcMs, nextId, sellReceipt } from "./receipt-fixture";

beforeEach(() => clearSandbox());

describe("sandbox provider", () => {
  it("accepts at once and returns the same uuid for the same external id", async () => {
    const p = sandboxProvider();
    const id = nextId("sandbox");
    const a = await p.register(sellReceipt(), { externalId: id, now: Date.now() });
    const b = await sandboxProvider().register(sellReceipt(), { externalId: id, now: Date.now() });
    const c = await p.register(sellReceipt(), { externalId: nextId("sandbox"), now: Date.now() });
    expect(a.kind).toBe("accepted");
    expect((b as { providerUuid: string }).providerUuid).toBe((a as { providerUuid: string }).providerUuid);
    expect((c as { providerUuid: string }).providerUuid).not.toBe((a as { providerUuid: string }).providerUuid);
  });

  it("reports done with test fiscal data dated at registration, in Moscow format", async () => {
    const p = sandboxProvider();
    const id = nextId("sandbox");
    const before = Date.now();
    const r = await p.register(sellReceipt(), { externalId: id, now: before });
    const uuid = (r as { providerUuid: string }).providerUuid;
    const report = await p.report({ externalId: id, providerUuid: uuid, operation: "sell" });
    expect(report.kind).toBe("done");
    const { fiscal } = report as { fiscal: Record<string, any> };
    expect(fiscal).toMatchObject({ fnNumber: "9999000000000000", regNumberKkt: "0000000000000000", test: true, totalKop: 100_000 });
    expect(fiscal.fiscalAtRaw).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(fiscal.fiscalAt).toBe(moscowToUtcMs(fiscal.fiscalAtRaw));
    expect(fiscal.fiscalAt).toBeGreaterThan(before - 1000);
    expect(fiscal.fiscalAt).toBeLessThanOrEqual(Date.now());
    // Asked again later: the same document, the same date.
    expect(await p.report({ externalId: id, providerUuid: uuid, operation: "sell" })).toEqual(report);
  });

  it("does not know ids it never registered; says it is a sandbox", async () => {
    const p = sandboxProvider();
    expect(await p.report({ externalId: nextId("none"), operation: "sell" })).toEqual({ kind: "not_found" });
    expect(await p.testConnection()).toMatchObject({ ok: true, message: "Песочница: чеки не фискализируются" });
    const clock = await p.readClock();
    expect(Math.abs(clock.remoteTime - Date.now())).toBeLessThan(1000);
  });
});
