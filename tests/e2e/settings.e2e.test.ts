import { mkdirSync } from "node:fs";
import type { Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "./harness";

// A CRM admin installs the app, opens it inside the portal, sets up ATOL, checks the connection and sees the
// cashbox registered in Bitrix24 — in Chromium, against the production build.

const SHOTS = "tests/e2e/screenshots";
const PASSWORD = "zUr0OxfI";
const REQUIRED = "Заполните поле";
let stack: Stack;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});


describe("admin setup in the Bitrix24 iframe", () => {
  it("the landing page answers HEAD and GET", async () => {
    expect((await fetch(`${stack.appUrl}/`, { method: "HEAD" })).status).toBe(200);
    const res = await fetch(`${stack.appUrl}/`);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors");
    expect(res.headers.get("x-frame-options")).toBeNull();
  });

  it("installs and lands on a page that says so, never a blank frame", async () => {
    const { page, frame } = await stack.openInPortal("install");
    await frame.getByText("Приложение установлено").waitFor({ timeout: 30_000 });
    expect(stack.emu.portals[0]!.handlers).toHaveLength(1);
    await page.screenshot({ path: `${SHOTS}/install.png` });
    await page.close();
  });

  it("sets up ATOL, reports field errors, checks the connection and registers the cashbox", async () => {
    const { page, frame } = await stack.openInPortal("app");
    await frame.getByRole("button", { name: "Добавить кассу" }).click({ timeout: 30_000 });
    await frame.getByLabel("Название").fill("Основная касса");
    await frame.getByLabel("Логин").fill("v5-online-atol-ru");
    await frame.getByLabel("Пароль").fill(PASSWORD);
    await frame.getByLabel("ИНН").fill("5544332210"); // wrong checksum
    await frame.getByLabel("Адрес расчётов").fill("https://v5.online.atol.ru");
    await frame.getByLabel("E-mail организации").fill("shop@example.ru");
    const submit = frame.getByRole("form").getByRole("button", { name: "Добавить кассу" });
    // An empty group code is caught in the browser before anything is sent.
    await submit.click();
    await frame.getByText(REQUIRED).first().waitFor();
    // The server is authoritative for the rest: its field error appears next to the ИНН field.
    await frame.getByLabel("Код группы").fill("v5-online-atol-ru_5179");
    await submit.click();
    await frame.getByText("Неверная контрольная сумма ИНН").waitFor();
    expect(stack.emu.portals[0]!.cashboxes).toHaveLength(0);
    await page.screenshot({ path: `${SHOTS}/settings-errors.png` });

    await frame.getByLabel("ИНН").fill("5544332219");
    await submit.click();
    await frame.getByText("Активна в Битрикс24").first().waitFor({ timeout: 15_000 });

    const cashbox = stack.emu.portals[0]!.cashboxes[0];
    expect(cashbox?.ACTIVE).toBe("Y");
    expect(cashbox?.SETTINGS?.REST?.REST_CODE).toBe(stack.emu.portals[0]!.handlers[0].CODE);

    await frame.getByRole("button", { name: "Проверить подключение" }).first().click();
    await frame.getByText("Подключение к АТОЛ Онлайн работает").waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: true });

    // Nothing secret in what the browser got, and no horizontal scrollbar at 1280 px.
    expect(await frame.content()).not.toContain(PASSWORD);
    const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  it("shows a non-admin the settings read-only", async () => {
    const { page, frame } = await stack.openInPortal("app", { userId: 2 });
    await frame.getByText("Изменять настройки может только администратор портала").waitFor({ timeout: 30_000 });
    await frame.getByText("Основная касса").first().waitFor();
    expect(await frame.getByRole("button", { name: "Добавить кассу" }).count()).toBe(0);
    expect(await frame.content()).not.toContain(PASSWORD);
    await page.screenshot({ path: `${SHOTS}/settings-reader.png` });
    await page.close();
  });

  it("wrote no secret to the server log", () => {
    const log = stack.logs.join("");
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(stack.emu.portals[0]!.applicationToken);
  });
});
