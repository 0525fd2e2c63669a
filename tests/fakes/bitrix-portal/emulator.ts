/**
 * Local Bitrix24 portal emulator: one OAuth server plus N portals, each on its own 127.0.0.1 port,
 * speaking the wire formats of docs/bitrix24-protocol.md (§1, §2, §5, §7).
 *
 *   const emu = await startPortalEmulator();
 *   const [portal] = emu.portals;
 *   const t = portal.issueTokens(1);           // the installing admin's tokens
 *   // B24OAuth: clientEndpoint `${portal.origin}/rest`, serverEndpoint `${emu.oauthUrl}/rest/`
 *   await emu.close();
 */
import type { Server } from "node:http";
import { closeServer, listen } from "./http-util";
import { createOAuthHandler } from "./oauth-server";
import { createRestHandler } from "./rest-server";
import { PortalState } from "./state";
import { TokenStore } from "./tokens";
import type { EmulatedPortal, EmulatorConfig, OAuthRequestLogEntry, PortalEmulator, PortalEmulatorOptions } from "./types";

export type { CheckAgentPoll, CheckAgentRun } from "./check-agent";
export { CHECK_TYPES, type CheckType } from "./check-types";
export type { CheckHistoryEntry, CheckHttpExchange, CheckLinkParams, CheckStatus, EmulatedCheck } from "./checks";
export {
  CheckValidationError,
  type CheckDeliveryInput,
  type CheckItemInput,
  type CheckPayloadInput,
  type CheckPaymentInput,
  type CheckPaymentType,
} from "./payment-builder";
export type {
  AddPaymentInput,
  CreateDealInput,
  DealProductInput,
  EmulatedContact,
  EmulatedDeal,
  EmulatedLogMessage,
  EmulatedOrder,
  EmulatedPayment,
  EmulatedPaymentDelivery,
  EmulatedPaymentProduct,
  EmulatedProductRow,
  PayPaymentOptions,
} from "./crm";
export type { PayPaymentResult } from "./crm-builder";
export type { PhpHttpHop, SaleHttpResponse } from "./php-http-client";
export { NoCashboxError, type PrintCheckOptions } from "./print-sender";
export type {
  EmulatedPortal,
  EmulatorFailure,
  EventBodyOptions,
  FrameRequest,
  FrameRequestOptions,
  IssuedTokens,
  OAuthRequestLogEntry,
  PortalEmulator,
  PortalEmulatorOptions,
  PortalUser,
  RequestLogEntry,
} from "./types";

export const DEFAULT_SCOPE = "crm,catalog,sale,cashbox,placement,user_brief";

export async function startPortalEmulator(opts: PortalEmulatorOptions = {}): Promise<PortalEmulator> {
  const config: EmulatorConfig = {
    clientId: opts.clientId ?? "local.test",
    clientSecret: opts.clientSecret ?? "test-secret",
    accessTtlSec: opts.accessTtlSec ?? 3600,
    oauthDelayMs: opts.oauthDelayMs ?? 0,
    timezoneOffsetMin: opts.timezoneOffsetMin ?? 180,
    scope: opts.scope ?? DEFAULT_SCOPE,
    mergeSlashes: opts.mergeSlashes ?? false,
    strictHandlerUrls: opts.strictHandlerUrls ?? true,
    oauthUrl: "",
  };
  const tokens = new TokenStore<PortalState>(() => config.accessTtlSec);
  const oauthRequests: OAuthRequestLogEntry[] = [];
  const servers: Server[] = [];

  try {
    const oauth = await listen(createOAuthHandler({ config, tokens, log: oauthRequests }));
    servers.push(oauth.server);
    config.oauthUrl = `http://127.0.0.1:${oauth.port}`;

    const portals: PortalState[] = [];
    for (let i = 0; i < (opts.portals ?? 1); i++) {
      const portal = new PortalState(config, tokens);
      const { server, port } = await listen(createRestHandler(portal, tokens));
      servers.push(server);
      portal.setAddress(port);
      portals.push(portal);
    }

    return {
      oauthUrl: config.oauthUrl,
      portals,
      oauthRequests,
      refreshCount: (portal?: EmulatedPortal) => tokens.refreshCount(portal as PortalState | undefined),
      close: async () => {
        for (const p of portals) p.stopCheckAgent();
        await Promise.all(servers.map(closeServer));
      },
    };
  } catch (e) {
    await Promise.all(servers.map(closeServer));
    throw e;
  }
}
