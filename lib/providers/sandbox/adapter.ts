import { createHash, randomUUID } from "node:crypto";
import { formatMoscowTimestamp } from "../atol/transform";
import type { CashboxProvider, ClockSample, ReportOutcome } from "../types";

// In-process "cashbox" for trying the app without a provider contract: every receipt is "fiscalised" at once with
// obviously fake data (test ФН 9999…, РН ККТ of zeros, `test: true`). Nothing leaves the process, nothing is a real receipt.

interface SandboxDocument {
  uuid: string;
  externalId: string;
  registeredAt: number;
  totalKop: number;
  fiscalDocNumber: number;
}

/** external_id → document; idempotent like a real provider. Bounded: the oldest entries go first. */
const documents = new Map<string, SandboxDocument>();
const MAX_DOCUMENTS = 10_000;
let counter = 0;

export const SANDBOX_FN_NUMBER = "9999000000000000";
export const SANDBOX_REG_NUMBER = "0000000000000000";

/** Forgets every sandbox document (tests). */
export function clearSandbox(): void {
  documents.clear();
}

export function sandboxProvider(): CashboxProvider {
  return {
    name: "sandbox",

    async testConnection() {
      return { ok: true, message: "Песочница: чеки не фискализируются", clock: localClock() };
    },

    async register(receipt, params) {
      let doc = documents.get(params.externalId);
      if (!doc) {
        if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
        doc = {
          uuid: randomUUID(),
          externalId: params.externalId,
          // Fiscal times have whole seconds, as a ФН prints them.
          registeredAt: Math.floor(Date.now() / 1000) * 1000,
          totalKop: receipt.totalKop,
          fiscalDocNumber: ++counter,
        };
        documents.set(params.externalId, doc);
      }
      return { kind: "accepted", providerUuid: doc.uuid, clock: localClock() };
    },

    async report(ref): Promise<ReportOutcome> {
      const doc = documents.get(ref.externalId);
      if (!doc || (ref.providerUuid && ref.providerUuid !== doc.uuid)) return { kind: "not_found" };
      return {
        kind: "done",
        fiscal: {
          regNumberKkt: SANDBOX_REG_NUMBER,
          fnNumber: SANDBOX_FN_NUMBER,
          fiscalDocNumber: doc.fiscalDocNumber,
          fiscalDocAttr: String(parseInt(createHash("sha256").update(doc.uuid).digest("hex").slice(0, 8), 16)),
          fiscalReceiptNumber: doc.fiscalDocNumber,
          shiftNumber: 1,
          fiscalAt: doc.registeredAt,
          fiscalAtRaw: formatMoscowTimestamp(doc.registeredAt),
          totalKop: doc.totalKop,
          test: true,
        },
      };
    },

    async readClock() {
      return localClock();
    },
  };
}

function localClock(): ClockSample {
  const now = Date.now();
  return { remoteTime: now, sentAt: now, receivedAt: now, resolutionMs: 1 };
}
