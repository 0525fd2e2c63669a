/**
 * Fake ATOL Online v5 server for integration tests (cloud-cashbox-providers.md §1).
 *
 *   const atol = await startFakeAtol();          // default account: the public ATOL v5 sandbox credentials
 *   await fetch(`${atol.url}/getToken`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
 *     body: JSON.stringify({ login: 'v5-online-atol-ru', pass: 'zUr0OxfI' }) });
 *   await atol.close();
 */
export { ATOL_BASE_PATH, startFakeAtol, type FakeAtol, type FakeAtolOptions } from "./atol/server";
export { ATOL_TEST_ACCOUNT, ATOL_TOKEN_TTL_MS, type AtolAccount, type AtolRequestLogEntry } from "./atol/state";
export { atolTimestamp } from "./atol/time";
export type { AtolRoute } from "./atol/router";
