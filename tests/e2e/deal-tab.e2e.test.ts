import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInstalledStack, type Stack } from "./harness";

// A sales manager opens the deal card: the portal POSTs the CRM_DEAL_DETAIL_TAB placement into the iframe, the tab
// shows the deal's payments with their receipts, and a pending receipt turns «Пробит» without a reload.

const SHOTS = "tests/e2e/screenshots";
let stack: Stack;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // ATOL takes a few seconds per receipt here, so the tab is seen while a receipt is still pending.
  stack = await startInstalledStack({ atolDelayMs: 4_000 });
});

afterAll(async () => {
  await stack?.stop();
});

describe("deal tab", () => {
  it("shows two payments with receipt statuses and fiscal attributes; pending turns done without a reload", async () => {
    const portal = stack.emu.portals[0]!;
    const deal = portal.createDeal({
      title: "Гостиная",
      contact: { email: "anna@example.ru" },
      products: [{ name: "Диван", price: 30_000, quantity: 1, vatRate: 22 }, { name: "Кресло", price: 12_000, quantity: 1, vatRate: 22 }],
    });
    const first = portal.addPayment(deal.id, { products: [{ rowId: deal.rows[0]!.id, quantity: 1 }] });
    const second = portal.addPayment(deal.id, { products: [{ rowId: deal.rows[1]!.id, quantity: 1 }] });
    const { check: c1 } = await portal.payPayment(first.id, { print: "sell" });
    const { check: c2 } = await portal.payPayment(second.id, { print: "sell" });
    expect([c1?.STATUS, c2?.STATUS]).toEqual(["P", "P"]);

    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(stack.portalPage(portal, "app", portal.frameRequest({ placement: "CRM_DEAL_DETAIL_TAB", placementOptions: { ID: String(deal.id) } })));
    const frame = page.frame({ name: "app" })!;
    await frame.getByText("30 000,00").first().waitFor({ timeout: 30_000 });
    await frame.getByText("12 000,00").first().waitFor();
    const navigations: string[] = [];
    page.on("framenavigated", (f) => navigations.push(f.url()));
    // Still with the cashbox: the badge says so.
    expect(await frame.getByText(/В очереди|Отправляется|Ждём ответа кассы/).count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/deal-pending.png`, fullPage: true });

    await frame.getByText("Пробит").nth(1).waitFor({ timeout: 30_000 });
    expect(navigations).toEqual([]);
    // «Пробит» means the provider has it; Bitrix24 hears it with the next check.apply batch, a moment later.
    for (let i = 0; i < 100 && (c1!.STATUS !== "Y" || c2!.STATUS !== "Y"); i++) await new Promise((r) => setTimeout(r, 100));
    expect([c1!.STATUS, c2!.STATUS]).toEqual(["Y", "Y"]);
    const html = await frame.content();
    expect(html).toContain(c1!.LINK_PARAMS!.fn_number);
    expect(html).toContain(String(c2!.LINK_PARAMS!.fiscal_doc_number));
    const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/deal-done.png`, fullPage: true });
    await page.close();
  });
});
