/**
 * `POST /{group_code}/{operation}` for sell, sell_refund, sell_correction, sell_refund_correction
 * (cloud-cashbox-providers.md §1.2–1.6): new external_id ⇒ 200 `{uuid, status: "wait", error: null, timestamp}`;
 * known external_id in the group ⇒ 400 code 33 with the existing uuid and status wait; bad body ⇒ 400 code 32, nothing stored.
 */
import { randomUUID } from "node:crypto";
import { ATOL_OPERATIONS, QUEUE_TIMEOUT, validateDocument, type AtolDocument, type AtolOperation } from "../documents";
import { atolErrors } from "../errors";
import { chance } from "../faults";
import { authorizeGroup, readJson, type AtolRoute } from "../router";

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export const registerRoutes: AtolRoute[] = [
  {
    method: "POST",
    path: /^\/([^/]+)\/([a-z_]+)$/,
    handle(ctx) {
      const [, groupCode, op] = ctx.match as unknown as [string, string, string];
      if (op === "getToken" || op === "report") throw atolErrors.badRequest();
      authorizeGroup(ctx, groupCode);
      if (!(ATOL_OPERATIONS as readonly string[]).includes(op)) throw atolErrors.operationNotSupported(op);
      const body = readJson(ctx);
      if (!body || typeof body !== "object" || Array.isArray(body)) throw atolErrors.badRequest();
      const raw = body as Record<string, unknown>;
      if (typeof raw.external_id === "string") bump(ctx.state.submissions, raw.external_id);
      const { externalId, callbackUrl } = validateDocument(op as AtolOperation, raw);
      const { state } = ctx;
      const key = `${groupCode}\n${externalId}`;
      const existing = state.byExternalId.get(key);
      if (existing) {
        return {
          status: 400,
          body: {
            uuid: existing,
            status: "wait",
            error: {
              error_id: randomUUID(),
              code: 33,
              text: `В системе существует чек с external_id : "${externalId}" и group_code: "${groupCode}"`,
              type: "system",
            },
            timestamp: state.timestamp(),
          },
        };
      }
      const doc: AtolDocument = {
        uuid: randomUUID(),
        groupCode,
        externalId,
        operation: op as AtolOperation,
        body: raw,
        callbackUrl,
        status: "wait",
        createdAtMs: Date.now(),
        outcome: chance(state, state.faults.documentTimeoutRate) ? { kind: "fail", ...QUEUE_TIMEOUT } : { kind: "done" },
      };
      state.documents.set(doc.uuid, doc);
      state.byExternalId.set(key, doc.uuid);
      bump(state.registrations, externalId);
      state.onRegistered?.(doc);
      return { status: 200, body: { uuid: doc.uuid, status: "wait", error: null, timestamp: state.timestamp() } };
    },
  },
];
