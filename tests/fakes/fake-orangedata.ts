/**
 * Fake Orange Data Nebula API v2 over HTTPS with mutual TLS (cloud-cashbox-providers.md §3.1).
 *
 *   const pki = await createOrangePki();             // openssl CLI: CA, server cert (127.0.0.1/localhost), client cert, signing keys
 *   const orange = await startFakeOrange({ pki, processingDelayMs: 20 });
 *   orangeProvider({ baseUrl: orange.url, inn: ORANGE_TEST_INN, group: "Main_2", clientCert: pki.clientCert,
 *     clientKey: pki.clientKey, signingKey: pki.signingKey, ca: pki.caPem });   // or NODE_EXTRA_CA_CERTS=pki.caPath
 *   orange.queueFull(1, 3); orange.expire(id); orange.injectFault({ route: "register", fault: "timeout", phase: "after" });
 *   orange.documents.size; orange.registrations.get(id); orange.requests
 *   await orange.close();
 */
export { createOrangePki, hasOpenssl, type OrangePki } from "./orangedata/pki";
export {
  ORANGE_TEST_INN,
  startFakeOrange,
  type FakeOrange,
  type FakeOrangeOptions,
  type OrangeDocKind,
  type OrangeDocument,
  type OrangeFault,
  type OrangeOrg,
  type OrangeRequestLogEntry,
} from "./orangedata/server";
