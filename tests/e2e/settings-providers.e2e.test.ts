import { mkdirSync } from "node:fs";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATOL_TEST_ACCOUNT } from "../fakes/fake-atol";
import { startStack, type Stack } from "./harness";

// The other providers through the settings UI: a sandbox register and an Evotor one (the fake ATOL answers for Evotor,
// same protocol), each checked with «Проверить подключение», and an Orange Data form that refuses a non-PEM certificate.

const SHOTS = "tests/e2e/screenshots";
const PASSWORD = ATOL_TEST_ACCOUNT.pass;
// Right shape, meaningless contents: the form checks only the shape; the server's connection check reads them for real.
const FAKE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
const FAKE_CERT = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEbWFya2VyX2NlcnQ\n-----END CERTIFICATE-----\n";
let stack: Stack;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});


async function fillCompany(frame: Frame) {
  await frame.getByLabel("ИНН").fill("5544332219");
  await frame.getByLabel("Адрес расчётов").fill("https://shop.example.ru");
  await frame.getByLabel("E-mail организации").fill("shop@example.ru");
}

/** Horizontal overflow of the app's document with the portal's iframe at `width` px. */
async function overflowAt(page: Page, frame: Frame, width: number): Promise<number> {
  await page.setViewportSize({ width, height: 900 });
  await page.evaluate((w) => (document.getElementById("app")!.style.width = `${w}px`), width);
  await frame.waitForFunction((w) => window.innerWidth === w, width);
  return frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const cashboxItem = (frame: Frame, name: string) => frame.locator("li.cashbox", { hasText: name });

describe("settings for Evotor, Orange Data and the sandbox", () => {
  it("installs the app", async () => {
    const { page, frame } = await stack.openInPortal("install");
    await frame.getByText("Приложение установлено").waitFor({ timeout: 30_000 });
    await page.close();
  });

  it("adds a sandbox register: no credentials, test mode only, and the connection check succeeds", async () => {
    const { page, frame } = await stack.openInPortal("app");
    await frame.getByRole("button", { name: "Добавить кассу" }).click({ timeout: 30_000 });
    await frame.getByLabel("Название").fill("Песочница магазина");
    await frame.getByRole("radio", { name: /^Песочница/ }).check();

    await frame.getByText("Песочница: чеки не отправляются в налоговую, фискальные данные ненастоящие").waitFor();
    expect(await frame.getByRole("textbox", { name: "Логин" }).count()).toBe(0);
    expect(await frame.getByRole("radio", { name: /^Боевой/ }).count()).toBe(0);
    await fillCompany(frame);
    await page.screenshot({ path: `${SHOTS}/settings-provider-sandbox.png`, fullPage: true });

    await frame.getByRole("form").getByRole("button", { name: "Добавить кассу" }).click();
    await frame.getByText("Касса «Песочница магазина» сохранена").waitFor({ timeout: 15_000 });
    const item = cashboxItem(frame, "Песочница магазина");
    await item.getByText("Активна в Битрикс24").waitFor();
    await item.getByText("Тест", { exact: true }).waitFor();
    await item.getByText("Песочница", { exact: true }).waitFor();

    await item.getByRole("button", { name: "Проверить подключение" }).click();
    await item.getByText("Песочница: чеки не фискализируются").waitFor({ timeout: 15_000 });
    expect(await item.locator(".notice--success").count()).toBe(1);
    expect(stack.emu.portals[0]!.cashboxes).toHaveLength(1);
    await page.close();
  });

  it("adds an Evotor register, checks the connection, and edits it without retyping the password", async () => {
    const { page, frame } = await stack.openInPortal("app");
    await frame.getByRole("button", { name: "Добавить кассу" }).click({ timeout: 30_000 });
    await frame.getByLabel("Название").fill("Эвотор в зале");
    await frame.getByRole("radio", { name: /^Эвотор \(протокол АТОЛ Онлайн\)/ }).check();
    await frame.getByRole("heading", { name: "Доступ к Эвотору" }).waitFor();
    await frame.getByLabel("Логин").fill(ATOL_TEST_ACCOUNT.login);
    await frame.getByLabel("Пароль").fill(PASSWORD);
    await frame.getByLabel("Код группы").fill(ATOL_TEST_ACCOUNT.groupCodes[0]!);
    await fillCompany(frame);
    await frame.getByRole("form").getByRole("button", { name: "Добавить кассу" }).click();
    await frame.getByText("Касса «Эвотор в зале» сохранена").waitFor({ timeout: 15_000 });

    const item = cashboxItem(frame, "Эвотор в зале");
    await item.getByText("Эвотор (протокол АТОЛ Онлайн)").waitFor();
    await item.getByText("Активна в Битрикс24").waitFor();
    await item.getByRole("button", { name: "Проверить подключение" }).click();
    await item.getByText("Подключение к Эвотор работает").waitFor({ timeout: 15_000 });
    expect(stack.emu.portals[0]!.cashboxes).toHaveLength(2);

    // Both registers stay checkable side by side.
    const sandbox = cashboxItem(frame, "Песочница магазина");
    await sandbox.getByRole("button", { name: "Проверить подключение" }).click();
    await sandbox.getByText("Песочница: чеки не фискализируются").waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/settings-providers-list.png`, fullPage: true });
    for (const width of [1280, 1024, 800]) expect(await overflowAt(page, frame, width)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(() => (document.getElementById("app")!.style.width = "1280px"));

    // Editing: the provider is fixed and the password is only «задан»; saving keeps it.
    await item.getByRole("button", { name: "Изменить" }).click();
    await frame.getByText("Провайдер нельзя сменить").waitFor();
    expect(await frame.getByRole("radio", { name: /^Orange Data/ }).count()).toBe(0);
    await frame.getByText("Пароль задан").waitFor();
    expect(await frame.getByRole("button", { name: "Заменить" }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/settings-provider-evotor-edit.png`, fullPage: true });
    await frame.getByRole("button", { name: "Сохранить" }).click();
    await frame.getByText("Касса «Эвотор в зале» сохранена").waitFor({ timeout: 15_000 });
    await item.getByRole("button", { name: "Проверить подключение" }).click();
    await item.getByText("Подключение к Эвотор работает").waitFor({ timeout: 15_000 });

    expect(await frame.content()).not.toContain(PASSWORD);
    await page.close();
  });

  it("refuses a non-PEM Orange Data certificate next to the field, before anything is sent", async () => {
    const { page, frame } = await stack.openInPortal("app");
    await frame.getByRole("button", { name: "Добавить кассу" }).click({ timeout: 30_000 });
    await frame.getByLabel("Название").fill("Касса Orange");
    await frame.getByRole("radio", { name: /^Orange Data/ }).check();
    await frame.getByRole("heading", { name: "Доступ к Orange Data" }).waitFor();
    await frame.getByLabel("Группа касс").fill("Main_2");
    const cert = frame.getByRole("textbox", { name: "Сертификат клиента" });
    await cert.fill("это не сертификат");
    await frame.getByRole("textbox", { name: "Ключ сертификата клиента" }).fill(FAKE_KEY);
    await frame.getByRole("textbox", { name: "Ключ подписи запросов" }).fill(FAKE_KEY);
    await fillCompany(frame);

    await frame.getByRole("form").getByRole("button", { name: "Добавить кассу" }).click();
    await frame.getByText("Нужен сертификат в формате PEM").waitFor();
    expect(await cert.getAttribute("aria-invalid")).toBe("true");
    // Focus goes to the field with the error.
    await expect.poll(() => cert.evaluate((el) => el === document.activeElement)).toBe(true);

    // A key picked as the certificate file is named for what it is, right away.
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      frame.getByRole("button", { name: "Выбрать файл: Сертификат клиента" }).click(),
    ]);
    await chooser.setFiles({ name: "client.key", mimeType: "text/plain", buffer: Buffer.from(FAKE_KEY) });
    await frame.getByText("Загружен файл client.key").waitFor();
    await frame.getByText("Это закрытый ключ, а здесь нужен сертификат").waitFor();
    expect(await cert.inputValue()).toContain("-----BEGIN PRIVATE KEY-----");
    await page.screenshot({ path: `${SHOTS}/settings-provider-orange-errors.png`, fullPage: true });
    for (const width of [1280, 1024, 800]) expect(await overflowAt(page, frame, width)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/settings-provider-orange-800.png`, fullPage: true });

    expect(stack.emu.portals[0]!.cashboxes).toHaveLength(2);

    // With PEM-shaped values it saves; editing then shows the three secrets only as «Задан» + «Заменить».
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(() => (document.getElementById("app")!.style.width = "1280px"));
    await cert.fill(FAKE_CERT);
    await frame.getByRole("form").getByRole("button", { name: "Добавить кассу" }).click();
    await frame.getByText("Касса «Касса Orange» сохранена").waitFor({ timeout: 15_000 });
    const item = cashboxItem(frame, "Группа Main_2");
    await item.getByText("Orange Data", { exact: true }).waitFor();
    await item.getByRole("button", { name: "Проверить подключение" }).click();
    await item.locator(".notice--alert").waitFor({ timeout: 15_000 });

    await item.getByRole("button", { name: "Изменить" }).click();
    await frame.getByText("Провайдер нельзя сменить").waitFor();
    expect(await frame.getByRole("button", { name: "Заменить" }).count()).toBe(3);
    expect(await frame.getByText("Задан", { exact: true }).count()).toBe(3);
    expect(await frame.getByLabel("Группа касс").inputValue()).toBe("Main_2");
    const html = await frame.content();
    expect(html).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    expect(html).not.toContain("MIIDdzCCAl");
    await frame.getByRole("button", { name: "Заменить" }).first().click();
    await frame.getByRole("button", { name: "Оставить прежний" }).waitFor();
    await expect.poll(() => cert.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/settings-provider-orange-edit.png`, fullPage: true });
    await page.close();
  });

  it("wrote no secret to the server log", () => {
    const log = stack.logs.join("");
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
  });
});
