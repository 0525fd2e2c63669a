// npm run demo — the whole job on embedded defaults, no Bitrix24 portal, provider account or database server:
// the app on PGlite (.data/demo), the fake ATOL, the portal emulator with its web UI, a short story of receipts,
// and the URLs to open. Keeps running until Ctrl-C, which stops everything it started.
import path from "node:path";
import { AppClient } from "./app-client";
import { startPortalUi, type PortalUi } from "./portal-ui/server";
import { startDemoStack, stopDemoStack, type DemoStack } from "./stack";
import { playStory } from "./story";

/** The line the e2e test (and anyone scripting the demo) waits for. */
export const READY_LINE = "Демо готово: чеки идут (receipts flowing)";

/** Wiped and re-created on every run; DEMO_DATA_DIR moves it (the e2e test uses a temp folder). */
const DATA_DIR = process.env.DEMO_DATA_DIR || path.join(".data", "demo");
const say = (line: string) => console.log(`  · ${line}`);

let stack: DemoStack | undefined;
let ui: PortalUi | undefined;
let freshUi: PortalUi | undefined;
let stopping: Promise<void> | undefined;

function stop(code: number): Promise<void> {
  stopping ??= (async () => {
    await ui?.close().catch(() => {});
    await freshUi?.close().catch(() => {});
    if (stack) await stopDemoStack(stack).catch(() => {});
    process.exit(code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  console.log("Облачная касса — демо. Запускаю приложение, эмулятор портала Битрикс24 и фейковый АТОЛ Онлайн…");
  stack = await startDemoStack(DATA_DIR);
  console.log(`  · приложение: ${stack.appUrl} (${stack.mode === "start" ? "next start, готовая сборка" : "next dev: страницы собираются при первом открытии"})`);
  const portal = stack.emu.portals[0]!;
  ui = await startPortalUi(portal, stack.appUrl, Number(process.env.DEMO_PORTAL_PORT) || 0);
  const app = new AppClient(stack.appUrl, stack.cronSecret);
  await app.install(portal);
  await app.signIn(portal);
  say(`приложение установлено на портал ${portal.domain}`);
  const story = await playStory(app, portal, stack.atol, say);
  // A second portal with the app just installed and no cashbox yet: opening the app there starts the guided setup.
  const fresh = stack.emu.portals[1]!;
  await new AppClient(stack.appUrl, stack.cronSecret).install(fresh);
  freshUi = await startPortalUi(fresh, stack.appUrl);
  say(`второй портал ${fresh.domain}: приложение только что установлено, кассы нет — мастер настройки`);

  const kinds = story.mismatches.map((m) => `${m.kind} (${m.cause})`).join(", ");
  console.log(`\n✔ ${READY_LINE} — чеков пробито: ${story.receipts}, расхождений найдено: ${story.mismatches.length} [${kinds}], за ${Math.round((Date.now() - t0) / 1000)} с\n`);
  console.log("Откройте в браузере:");
  const line = (label: string, url: string) => console.log(`  ${label.padEnd(34, " ")} ${url}`);
  line("Сделка: предоплата и зачёт:", `${ui.url}/crm/deal/${story.deals.prepaid}`);
  line("Сделка: расхождение:", `${ui.url}/crm/deal/${story.deals.mismatch}`);
  line("Сделка: возврат:", `${ui.url}/crm/deal/${story.deals.refunded}`);
  line("Сделка к оплате (кнопка «Оплатить»):", `${ui.url}/crm/deal/${story.deals.unpaid}`);
  line("Все сделки:", `${ui.url}/crm/deal/`);
  line("Продажи → Кассы:", `${ui.url}/shop/cashboxes/`);
  line("Приложение (настройки, готовность):", `${ui.url}/app/`);
  line("Новый портал: мастер настройки:", `${freshUi.url}/app/`);
  line("Консоль поддержки и «Часы»:", `${ui.url}/app/ → меню приложения «Поддержка», «Часы»`);
  console.log("\nCtrl-C — остановить всё.");
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
main().catch((err: unknown) => {
  console.error(`\nДемо не запустилось: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  void stop(1);
});
