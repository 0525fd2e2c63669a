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
    // A cashbox through the settings API, signed in as the admin from the frame entry.
    const frame = portal.frameRequest();
    const entry = await fetch(`${stack.appUrl}/api/bitrix/app?${frame.query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: frame.body,
      redirect: "manual",
    });
    const bearer = decodeURIComponent(entry.headers.get("location")!.split("#token=")[1]!);
    const created = await fetch(`${stack.appUrl}/api/cashboxes`, {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: "Касса",
        provider: "atol",
        mode: "test",
        credentials: { login: "v5-online-atol-ru", password: "zUr0OxfI", groupCode: "v5-online-atol-ru_5179" },
        company: { inn: "5544332219", sno: "osn", paymentAddress: "https://v5.online.atol.ru", email: "shop@example.ru" },
      }),
    });
    expect(created.status).toBe(201);

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
