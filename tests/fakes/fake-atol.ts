/**
 * Fake ATOL Online v5 server for integration tests (cloud-cashbox-providers.md §1).
 *
 *   const atol = await startFakeAtol({ processingDelayMs: 20 });   // account: the public ATOL v5 sandbox credentials
 *   // POST {url}/getToken, POST {url}/{group}/sell (Token header), GET {url}/{group}/report/{uuid}
 *   atol.documents.size; atol.registrations.get(externalId); atol.requests; atol.callbacks
 *   atol.injectFault({ route: "register", fault: "timeout", phase: "after" });   // stored, answer lost
 *   atol.setFaults({ timeoutRate: 0.1, errorRate: 0.1, tokenExpiryRate: 0.05, documentTimeoutRate: 0.05, hangMs: 2000 });
 *   atol.state.expireTokens(); atol.state.failDocument(uuidOrExternalId); atol.state.completeDocument(uuid);
 *   await atol.close();
 */
export { ATOL_BASE_PATH, startFakeAtol, type FakeAtol, type FakeAtolOptions } from "./atol/server";
export {
  ATOL_TEST_ACCOUNT,
  ATOL_TOKEN_TTL_MS,
  type AtolAccount,
  type AtolCallbackLogEntry,
  type AtolRequestLogEntry,
} from "./atol/state";
export { ATOL_OPERATIONS, QUEUE_TIMEOUT, type AtolDocument, type AtolOperation } from "./atol/documents";
export { seededRandom, type AtolFault, type AtolFaultPhase, type AtolFaultPlan, type AtolQueuedFault, type AtolRouteKind } from "./atol/faults";
export { atolTimestamp } from "./atol/time";
export type { AtolRoute } from "./atol/router";
