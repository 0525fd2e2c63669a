/** What a REST method handler gets, and how it reports list navigation. */
import type { Dict } from "../forms";
import { accessDenied } from "../rest-errors";
import type { PortalState } from "../state";
import type { PortalUser } from "../types";

export interface CallOutcome {
  result: unknown;
  total?: number;
  next?: number;
}

export interface CallContext {
  portal: PortalState;
  userId: number;
  user: PortalUser;
  /** The calling application's client_id (SALE attaches it as APP_ID). */
  clientId: string;
  /** Runs another method with the same auth (used by batch). */
  call(method: string, params: Dict): Promise<CallOutcome>;
  /** True inside a batch sub-call. */
  inBatch: boolean;
}

export type MethodHandler = (params: Dict, ctx: CallContext) => unknown | Promise<unknown>;

/** A list answer with `total` / `next`, as the REST server adds them for paged methods. */
export class Paged {
  constructor(
    readonly result: unknown,
    readonly total: number,
    readonly next?: number,
  ) {}
}

export function requireAdmin(ctx: CallContext, reason?: string): void {
  if (!ctx.user.admin) throw accessDenied(reason);
}
