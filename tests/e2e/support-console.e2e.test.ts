import { mkdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInstalledStack, type Stack } from "./harness";

// Support's acceptance: a paid payment without a receipt becomes a mismatch through the real pipeline (payment
// events → sync → reconciliation on the server's own schedule), the console lists it, support opens it and resolves
// it with a note, the audit row exists, and the CSV export opens with totals equal to the page's.

const SHOTS = "tests/e2e/screenshots";
let stack: Stack;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startInstalledStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function until(cond: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A bearer token of the portal's admin, the way the frame entry hands it to the page. */
async function adminBearer(): Promise<string> {
  const frame = stack.emu.portals[0]!.frameRequest();
  const entry = await fetch(`${stack.appUrl}/api/bitrix/app?${frame.query}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: frame.body, redirect: "manual" });
  return decodeURIComponent(entry.headers.get("location")!.split("#token=")[1]!);
}

/** "1 234,56 ₽" or "−0,05 ₽" (page) and "1234,56" (CSV) → kopecks. */
const kop = (text: string) => {
  const clean = text.replace(/[^\d,\-−]/g, "").replace("−", "-");
  const [rub, k = "0"] = clean.split(",");
  const sign = rub!.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(rub)) * 100 + Number(k.padEnd(2, "0")));
};

describe("support console", () => {
  it("lists a mismatch, opens it, resolves it with a note (audited), and exports a CSV whose totals match the page", { timeout: 240_000 }, async () => {
    const portal = stack.emu.portals[0]!;
    const deal = portal.createDeal({ title: "Кухня", contact: { email: "olga@example.ru" }, products: [{ name: "Стол", price: 12_345.67, quantity: 1, vatRate: 22 }] });
    const lonely = portal.addPayment(deal.id, { products: "all" });
    await portal.payPayment(lonely.id, { at: new Date(Date.now() - 30 * 60_000) });
    const sold = portal.createDeal({ title: "Прихожая", contact: { email: "ivan@example.ru" }, products: [{ name: "Вешалка", price: 2_500, quantity: 1, vatRate: 22 }] });
    const paid = portal.addPayment(sold.id, { products: "all" });
    const { check } = await portal.payPayment(paid.id, { print: "sell" });
    await until(() => check?.STATUS === "Y", 30_000, "the sold payment's receipt");
    // A receipt the cashbox dates after midnight (its clock runs past the portal's midnight): a day-boundary finding.
    const bedroom = portal.createDeal({ title: "Спальня", contact: { email: "anna@example.ru" }, products: [{ name: "Кровать", price: 40_000, quantity: 1, vatRate: 22 }] });
    const late = portal.addPayment(bedroom.id, { products: "all" });
    const MSK = 3 * 3_600_000;
    const nextMoscowMidnight = Math.ceil((Date.now() + MSK) / 86_400_000) * 86_400_000 - MSK;
    stack.atol.state.clockShiftMs = nextMoscowMidnight - Date.now() + 5 * 60_000;
    const { check: lateCheck } = await portal.payPayment(late.id, { print: "sell" });
    await until(() => lateCheck?.STATUS === "Y", 30_000, "the late receipt");
    stack.atol.state.clockShiftMs = 0;

    // The server's own sync round (every minute) reconciles and sends the digest: that is when the finding exists.
    await until(() => portal.notifications.length > 0, 150_000, "the mismatch digest");
    expect(portal.notifications[0]!.message).toContain("Оплата без чека: 1");

    const { page, frame } = await stack.openInPortal("app");
    await frame.getByRole("link", { name: "Поддержка" }).click();
    await frame.getByText("Консоль поддержки").first().waitFor({ timeout: 30_000 });
    const row = frame.getByTestId("queue-row").filter({ hasText: "Оплата без чека" });
    await row.first().waitFor({ timeout: 30_000 });
    expect(await row.first().textContent()).toContain(String(deal.id));
    await page.screenshot({ path: `${SHOTS}/support-queue.png`, fullPage: true });

    await row.first().getByRole("link", { name: "Оплата без чека" }).click();
    await frame.getByText("Доказательства").waitFor({ timeout: 30_000 });
    const note = "Клиент оплатил, чек пробьём вручную — проверено";
    await frame.getByLabel("Как решено (обязательно)").fill(note);
    await frame.getByRole("button", { name: "Отметить решённым" }).click();
    await frame.getByTestId("resolution-note").filter({ hasText: note }).waitFor({ timeout: 15_000 });
    await frame.getByTestId("audit-history").getByText("Отмечено решённым").waitFor();
    await page.screenshot({ path: `${SHOTS}/support-resolved.png`, fullPage: true });

    // The audit row, through the API as another admin session would see it.
    const id = new URL(frame.url()).pathname.split("/").pop()!;
    const bearer = await adminBearer();
    const detail = await (await fetch(`${stack.appUrl}/api/support/mismatches/${id}`, { headers: { authorization: `Bearer ${bearer}` } })).json();
    expect(detail.mismatch).toMatchObject({ status: "resolved", note, resolvedBy: 1 });
    expect(detail.audit).toEqual([expect.objectContaining({ action: "mismatch.resolve", subject: `mismatch:${id}`, userId: 1, details: expect.objectContaining({ note }) })]);

    await frame.getByRole("link", { name: "Сверка по дням" }).click();
    const totals = frame.getByTestId("report-totals");
    await totals.waitFor({ timeout: 30_000 });
    const pageTotal = async (k: string) => kop((await totals.locator(`[data-total="${k}"]`).textContent()) ?? "");
    const shown = { payments: await pageTotal("paymentsKop"), receipts: await pageTotal("receiptsKop"), fiscal: await pageTotal("fiscalKop"), rvp: await pageTotal("receiptsVsPaymentsKop"), fvr: await pageTotal("fiscalVsReceiptsKop") };
    expect(shown.payments).toBe(12_345_67 + 2_500_00 + 40_000_00);
    expect(shown.rvp).toBe(-12_345_67);

    const [download] = await Promise.all([page.waitForEvent("download"), frame.getByRole("button", { name: "Скачать CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sverka_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).trimEnd().split("\r\n");
    expect(lines[0]!.split(";").slice(0, 2)).toEqual(["Дата", "Касса"]);
    const total = lines.at(-1)!.split(";");
    expect(total[0]).toBe("Итого");
    expect(total.slice(2, 7).map(kop)).toEqual([shown.payments, shown.receipts, shown.fiscal, shown.rvp, shown.fvr]);
    const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/support-report.png`, fullPage: true });

    // The day-boundary finding reads as a story of clocks and days, not as a sum error.
    await frame.getByRole("link", { name: "Очередь" }).click();
    const boundaryRow = frame.getByTestId("queue-row").filter({ hasText: "Чек пробит в другой день или смену" });
    await boundaryRow.first().getByRole("link").click();
    const story = frame.getByTestId("day-boundary-summary");
    await story.waitFor({ timeout: 30_000 });
    expect(await story.textContent()).toMatch(/Оплата: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} по времени портала/);
    await page.screenshot({ path: `${SHOTS}/support-day-boundary.png`, fullPage: true });
    await page.close();
  });
});
