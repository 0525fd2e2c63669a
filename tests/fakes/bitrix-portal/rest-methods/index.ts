/** Method registry and dispatch (injected failures apply to direct calls and batch sub-calls alike). */
import type { Dict } from "../forms";
import { methodError, systemErrors } from "../rest-errors";
import type { PortalState } from "../state";
import { batch } from "./batch";
import { cashboxHandlerMethods } from "./cashbox-handlers";
import { cashboxMethods } from "./cashboxes";
import { catalogMethods } from "./catalog";
import { checkMethods } from "./checks";
import { Paged, type CallContext, type CallOutcome, type MethodHandler } from "./context";
import { crmDealMethods } from "./crm-deals";
import { crmPaymentMethods } from "./crm-payments";
import { eventMethods } from "./events";
import { imMethods } from "./im";
import { placementMethods } from "./placements";
import { salePaymentMethods } from "./sale-payments";
import { systemMethods } from "./system";
import { timelineMethods } from "./timeline";

export const METHODS: Record<string, MethodHandler> = {
  ...systemMethods,
  ...cashboxHandlerMethods,
  ...cashboxMethods,
  ...eventMethods,
  ...placementMethods,
  ...catalogMethods,
  ...checkMethods,
  ...salePaymentMethods,
  ...crmDealMethods,
  ...crmPaymentMethods,
  ...timelineMethods,
  ...imMethods,
  batch,
};

export interface Caller {
  portal: PortalState;
  userId: number;
  clientId: string;
}

/** Runs one REST method as `caller`; throws RestError on failure. */
export async function runMethod(method: string, params: Dict, caller: Caller, inBatch = false): Promise<CallOutcome> {
  const name = method.toLowerCase();
  caller.portal.takeFailure(name);
  caller.portal.takeOperatingLimit(name);
  const handler = METHODS[name];
  if (!handler) throw systemErrors.methodNotFound();
  if (inBatch && name === "batch") {
    throw methodError("ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage");
  }
  const user = caller.portal.users.get(caller.userId);
  if (!user) throw systemErrors.invalidToken();
  const ctx: CallContext = {
    portal: caller.portal,
    userId: caller.userId,
    user,
    clientId: caller.clientId,
    inBatch,
    call: (m, p) => runMethod(m, p, caller, true),
  };
  const out = await handler(params, ctx);
  if (out instanceof Paged) return { result: out.result, total: out.total, next: out.next };
  return { result: out };
}
