import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInstalledStack, type Stack } from "./harness";

// Support opens «Часы» from the app's header: with the portal's clock 90 s fast and ATOL's 3 min slow, «Измерить
// сейчас» shows both offsets on the chart and in the table, each with its verdict, and the zones side by side.

const SHOTS = "tests/e2e/screenshots";
let stack: Stack;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startInstalledStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe("clock diagnostics page", () => {
  it("measures the portal and the cashbox clocks on request and explains what is wrong", async () => {
    stack.emu.portals[0]!.clockShiftMs = 90_000;
    stack.atol.state.clockShiftMs = -180_000;
    const { page, frame } = await stack.openInPortal("app");
    await frame.getByRole("link", { name: "Часы" }).click();
    await frame.getByRole("heading", { name: "Синхронизация часов" }).waitFor({ timeout: 30_000 });

    await frame.getByRole("button", { name: "Измерить сейчас" }).click();
    await frame.getByText("Измерено: новые замеры добавлены.").waitFor({ timeout: 30_000 });

    const table = frame.getByTestId("latest-samples");
    const portalRow = table.locator('tr[data-source="portal"]');
    const providerRow = table.locator('tr[data-source="provider"]');
    await expect.poll(() => portalRow.innerText()).toContain("Портал Битрикс24");
    expect(await portalRow.innerText()).toMatch(/Часы спешат на 1 мин 30 с/);
    expect(await providerRow.innerText()).toMatch(/Часы отстают на 3 мин/);
    expect(await providerRow.innerText()).toContain("время Москвы");
    const verdict = await frame.getByTestId("clock-verdict").innerText();
    expect(verdict).toContain("Сервер кассы · Касса: часы отстают на 3 мин");
    expect(verdict).toContain("Портал Битрикс24: часы спешат на 1 мин 30 с");
    // Both sources are drawn: one point each so far.
    expect(await frame.locator('[data-testid="offset-chart"] circle').count()).toBeGreaterThanOrEqual(2);
    expect(await frame.getByTestId("zones").innerText()).toContain("UTC+3");

    // English is loaded on demand when chosen, and the page follows.
    await frame.getByRole("button", { name: "EN" }).click();
    await frame.getByRole("heading", { name: "Clock synchronisation" }).waitFor({ timeout: 10_000 });
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe("en");
    await frame.getByRole("button", { name: "RU" }).click();
    await frame.getByRole("heading", { name: "Синхронизация часов" }).waitFor();

    const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/clocks.png`, fullPage: true });
    await page.close();
  });
});
