import { afterAll, beforeAll } from "vitest";
import { POST as appEntry } from "@/app/api/bitrix/app/route";
import { POST as eventsRoute } from "@/app/api/bitrix/events/route";
import { POST as installRoute } from "@/app/api/bitrix/install/route";
import { resetEnvCache } from "@/lib/env";
import { clearAtolTokenCache } from "@/lib/providers/atol/adapter";
import { startFakeAtol, type FakeAtol, type FakeAtolOptions } from "../fakes/fake-atol";
import { startPortalEmulator } from "../fakes/bitrix-portal/emulator";
import type { EmulatedPortal, FrameRequest, PortalEmulator, PortalEmulatorOptions } from "../fakes/bitrix-portal/types";

// Drives the real route handlers the way Bitrix24 does: form-encoded POSTs with DOMAIN/PROTOCOL in the query.

export const APP = "http://app.test";

export function useEmulator(opts: PortalEmulatorOptions = {}): { emu: PortalEmulator } {
  const state = {} as { emu: PortalEmulator };
  beforeAll(async () => {
    state.emu = await startPortalEmulator({ clientId: "local.test", clientSecret: "test-secret", ...opts });
    process.env.B24_OAUTH_URL = state.emu.oauthUrl;
    resetEnvCache();
  });
  afterAll(async () => {
    await state.emu?.close();
  });
  return state;
}

/** A fake ATOL for the file, with ATOL_BASE_URL pointing at it and no token cached from another file's fake. */
export function useFakeAtol(opts: FakeAtolOptions = {}): { atol: FakeAtol } {
  const state = {} as { atol: FakeAtol };
  beforeAll(async () => {
    state.atol = await startFakeAtol(opts);
    process.env.ATOL_BASE_URL = state.atol.url;
    resetEnvCache();
    clearAtolTokenCache();
  });
  afterAll(async () => {
    delete process.env.ATOL_BASE_URL;
    resetEnvCache();
    await state.atol?.close();
  });
  return state;
}

export function formRequest(path: string, req: FrameRequest | { query?: URLSearchParams; body: string }): Request {
  const q = req.query?.toString();
  return new Request(`${APP}${path}${q ? `?${q}` : ""}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: req.body,
  });
}

export async function install(portal: EmulatedPortal, userId = 1): Promise<Response> {
  return installRoute(formRequest("/api/bitrix/install", portal.installRequest({ userId })));
}

export async function sendEvent(body: string): Promise<Response> {
  return eventsRoute(formRequest("/api/bitrix/events", { body }));
}

export interface SignedIn {
  res: Response;
  cookie: string;
  bearer: string;
  location: string;
}

/** Opens the app from the portal as `userId` and returns the session cookie and bearer token it was given. */
export async function openApp(portal: EmulatedPortal, opts: Parameters<EmulatedPortal["frameRequest"]>[0] = {}): Promise<SignedIn> {
  const res = await appEntry(formRequest("/api/bitrix/app", portal.frameRequest(opts)));
  const location = res.headers.get("location") ?? "";
  const setCookie = res.headers.get("set-cookie") ?? "";
  return {
    res,
    location,
    cookie: setCookie.split(";")[0] ?? "",
    bearer: decodeURIComponent(location.split("#token=")[1] ?? ""),
  };
}

/** Calls a route handler as the signed-in user (cookie by default, or the bearer token). */
export function asUser(session: SignedIn, via: "cookie" | "bearer" = "cookie") {
  const headers = (extra?: HeadersInit) => {
    const h = new Headers(extra);
    if (via === "cookie") h.set("cookie", session.cookie);
    else h.set("authorization", `Bearer ${session.bearer}`);
    return h;
  };
  return {
    request(path: string, init: { method?: string; json?: unknown } = {}): Request {
      const body = init.json === undefined ? undefined : JSON.stringify(init.json);
      return new Request(`${APP}${path}`, {
        method: init.method ?? (body ? "POST" : "GET"),
        headers: headers(body ? { "content-type": "application/json" } : undefined),
        body,
      });
    },
  };
}

export const params = <P>(p: P) => ({ params: Promise.resolve(p) });
