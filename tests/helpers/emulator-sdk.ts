import { B24OAuth, EnumAppStatus, type B24OAuthParams } from "@bitrix24/b24jssdk";
import type { EmulatedPortal, PortalEmulator } from "../fakes/bitrix-portal/types";

// The real SDK pointed at the portal emulator the way the app points it at a portal: clientEndpoint without a
// trailing slash, serverEndpoint = OAuth server + /rest/. For the tests that check the fakes themselves.

export const EMULATOR_SECRET = { clientId: "local.test", clientSecret: "test-secret" };

export function emulatorSdk(emu: PortalEmulator, p: EmulatedPortal, userId = 1, onRefresh?: (params: B24OAuthParams) => void) {
  const tokens = p.issueTokens(userId);
  const b24 = new B24OAuth(
    {
      applicationToken: p.applicationToken,
      userId,
      memberId: p.memberId,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expires: tokens.expires,
      expiresIn: tokens.expiresIn,
      scope: "crm,catalog,sale,cashbox,placement,user_brief",
      domain: p.domain,
      clientEndpoint: `${p.origin}/rest`,
      serverEndpoint: `${emu.oauthUrl}/rest/`,
      status: EnumAppStatus.Local,
    },
    EMULATOR_SECRET,
  );
  if (onRefresh) b24.setCallbackRefreshAuth(async ({ b24OAuthParams }) => onRefresh({ ...b24OAuthParams }));
  return { b24, tokens };
}

export async function callResult<T = unknown>(b24: B24OAuth, method: string, params: Record<string, unknown> = {}): Promise<T> {
  const r = await b24.actions.v2.call.make<T>({ method, params });
  return r.getData()!.result;
}
