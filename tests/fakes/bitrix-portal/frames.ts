/**
 * What Bitrix24 POSTs to the app: the frame/placement/install page POST and the ONAPPINSTALL /
 * ONAPPUNINSTALL event POSTs. Wire format: application/x-www-form-urlencoded with PHP bracket
 * nesting (docs/bitrix24-protocol.md §5).
 */
import { buildPhpForm } from "./forms";
import { randomHex } from "./tokens";
import type { EventBodyOptions, FrameRequest, FrameRequestOptions, IssuedTokens } from "./types";

export interface FramePortal {
  domain: string;
  origin: string;
  memberId: string;
  applicationToken: string;
  isInstallFinished: boolean;
  issueTokens(userId?: number): IssuedTokens;
  nextEventHandlerId(): number;
  nowMs(): number;
}

export interface FrameConfig {
  oauthUrl: string;
  scope: string;
}

/**
 * Frame handler POST (EN settings/oauth/simple-way.md, widgets/_includes/widget_data.md):
 * query DOMAIN, PROTOCOL (0 = http), LANG, APP_SID; form body AUTH_ID, AUTH_EXPIRES (seconds),
 * REFRESH_ID, SERVER_ENDPOINT, member_id, status, PLACEMENT, PLACEMENT_OPTIONS (JSON string),
 * APPLICATION_TOKEN, APPLICATION_SCOPE.
 */
export function buildFrameRequest(portal: FramePortal, cfg: FrameConfig, opts: FrameRequestOptions = {}): FrameRequest {
  const tokens = portal.issueTokens(opts.userId ?? 1);
  const query = new URLSearchParams({
    DOMAIN: opts.domainOverride ?? portal.domain,
    PROTOCOL: portal.origin.startsWith("https:") ? "1" : "0",
    LANG: opts.lang ?? "ru",
    APP_SID: randomHex(16),
  });
  const options = opts.placementOptions ?? {};
  const body = buildPhpForm({
    AUTH_ID: tokens.accessToken,
    AUTH_EXPIRES: String(tokens.expiresIn),
    REFRESH_ID: tokens.refreshToken,
    SERVER_ENDPOINT: `${cfg.oauthUrl}/rest/`,
    member_id: portal.memberId,
    status: "L",
    PLACEMENT: opts.placement ?? "DEFAULT",
    // PHP json_encode of an empty array is "[]" (assumed for the DEFAULT placement without options).
    PLACEMENT_OPTIONS: Object.keys(options).length ? JSON.stringify(options) : "[]",
    APPLICATION_TOKEN: opts.applicationToken ?? portal.applicationToken,
    APPLICATION_SCOPE: cfg.scope,
  });
  return { query, body };
}

/**
 * ONAPPINSTALL (EN api-reference/common/events/on-app-install.md, settings/oauth/simple-way.md):
 * event, data{VERSION, ACTIVE, INSTALLED, LANGUAGE_ID}, ts, auth{access_token, expires_in, scope, domain,
 * server_endpoint, status, client_endpoint, member_id, refresh_token, application_token} — `expires` absent.
 * ONAPPUNINSTALL (EN on-app-uninstall.md): data{LANGUAGE_ID, CLEAN 1|0}, auth{domain, server_endpoint,
 * client_endpoint, member_id, application_token} — no token to call REST with.
 */
export function buildEventBody(
  portal: FramePortal,
  cfg: FrameConfig,
  event: "ONAPPINSTALL" | "ONAPPUNINSTALL",
  opts: EventBodyOptions = {},
): string {
  const ts = String(Math.floor(portal.nowMs() / 1000));
  const applicationToken = opts.applicationToken ?? portal.applicationToken;
  const common = {
    domain: portal.domain,
    server_endpoint: `${cfg.oauthUrl}/rest/`,
    client_endpoint: `${portal.origin}/rest/`,
    member_id: portal.memberId,
  };
  if (event === "ONAPPUNINSTALL") {
    return buildPhpForm({
      event,
      event_handler_id: String(portal.nextEventHandlerId()),
      data: { LANGUAGE_ID: "ru", CLEAN: opts.clean ? "1" : "0" },
      ts,
      auth: { ...common, application_token: applicationToken },
    });
  }
  const tokens = portal.issueTokens(opts.userId ?? 1);
  return buildPhpForm({
    event,
    event_handler_id: String(portal.nextEventHandlerId()),
    data: { VERSION: "1", ACTIVE: "Y", INSTALLED: portal.isInstallFinished ? "Y" : "N", LANGUAGE_ID: "ru" },
    ts,
    auth: {
      access_token: tokens.accessToken,
      expires_in: String(tokens.expiresIn),
      scope: cfg.scope,
      domain: common.domain,
      server_endpoint: common.server_endpoint,
      status: "L",
      client_endpoint: common.client_endpoint,
      member_id: common.member_id,
      refresh_token: tokens.refreshToken,
      application_token: applicationToken,
    },
  });
}
