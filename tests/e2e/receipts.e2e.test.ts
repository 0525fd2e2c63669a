import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "./harness";

// The production server alone (no test code draining anything): a paid payment in the portal reaches ATOL and
// comes back printed, through the after() nudge and the in-process outbox worker.

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  const portal = stack.emu.portals[0]!;
  const page = await stack.browser.newPage();
  await page.goto(stack.portalPage(portal, "install", portal.installRequest()));
  await page.frame({ name: "app" })!.getByText("Приложение установлено").waitFor({ timeout: 30_000 });
  await page.close();
});

afterAll(async () => {
  await stack?.stop();
});

async function until(cond: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}

describe("receipts on the running server", () => {
  it("a paid payment is fiscalised and printed in Bitrix24 with no manual step", async () => {
    const portal = stack.emu.portals[0]!;
    await stack.createAtolCashbox();

    const started = Date.now();
    const check = await portal.printCheck(portal.payment({ type: "sell", items: [{ name: "Услуга", price: 2500, quantity: 1 }], payments: [{ type: "cashless", sum: 2500 }] }));
    const answeredMs = Date.now() - started;
    expect(check.STATUS).toBe("P");
    expect(answeredMs).toBeLessThan(5_000);
    await until(() => check.STATUS === "Y", 20_000);
    expect(check.STATUS).toBe("Y");
    expect(check.LINK_PARAMS?.fn_number).toBeTruthy();
    expect([...stack.atol.documents.values()].filter((d) => d.externalId.startsWith(check.EXTERNAL_UUID!))).toHaveLength(1);
  });
});
