/**
 * `GET /{group_code}/report/{uuid}` (cloud-cashbox-providers.md §1.4, §1.7): wait (HTTP 200, error 34) until the
 * processing delay is over, then done with the fiscal payload or fail; unknown uuid ⇒ 400 code 30, status fail.
 * Reports sooner than `reportMinIntervalMs` after the previous one for the group are counted as violations.
 */
import { reportBody, settle } from "../documents";
import { atolErrors } from "../errors";
import { authorizeGroup, type AtolRoute } from "../router";

export const reportRoutes: AtolRoute[] = [
  {
    method: "GET",
    path: /^\/([^/]+)\/report\/([^/]+)$/,
    handle(ctx) {
      const [, groupCode, uuid] = ctx.match as unknown as [string, string, string];
      authorizeGroup(ctx, groupCode);
      const { state } = ctx;
      const now = Date.now();
      const last = state.lastReportAt.get(groupCode);
      if (last !== undefined && now - last < state.reportMinIntervalMs) state.reportRateViolations += 1;
      state.lastReportAt.set(groupCode, now);
      const doc = state.documents.get(uuid);
      if (!doc || doc.groupCode !== groupCode) {
        const e = atolErrors.missingUuid(uuid);
        return { status: e.status, body: { uuid, status: "fail", ...e.body(state.timestamp()) } };
      }
      if (settle(state, doc)) state.onSettled?.(doc);
      return { status: 200, body: reportBody(state, doc) };
    },
  },
];
