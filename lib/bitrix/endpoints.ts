import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";

export type PortalProtocol = "https" | "http";

// A portal host: a domain name or an IPv4 address, with an optional port. No paths, users or schemes.
const HOST = /^(?=.{1,253}(?::\d{1,5})?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;

/**
 * Validates the portal host and protocol Bitrix24 hands us (query DOMAIN, PROTOCOL 0|1).
 * Plain http portals (a local emulator) are refused unless B24_ALLOW_HTTP_PORTALS is set.
 */
export function parsePortalAddress(domain: string | null | undefined, protocol: string | null | undefined): { domain: string; protocol: PortalProtocol } {
  const host = (domain ?? "").trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/+$/, "");
  if (!HOST.test(host)) throw new AppError("bad_request", "Некорректный адрес портала");
  const proto: PortalProtocol = protocol === "0" ? "http" : "https";
  if (proto === "http" && !env().B24_ALLOW_HTTP_PORTALS) {
    throw new AppError("bad_request", "Порталы без HTTPS не поддерживаются (B24_ALLOW_HTTP_PORTALS не задан)");
  }
  return { domain: host, protocol: proto };
}

/** REST base for the SDK. No trailing slash: with one the SDK builds `/rest//method`. */
export function clientEndpoint(portal: { domain: string; protocol: PortalProtocol }): string {
  return `${portal.protocol}://${portal.domain}/rest`;
}

/** OAuth server base for the SDK; must end in `/rest/` so the refresh goes to `/oauth/token/`. Never from a request. */
export function serverEndpoint(): string {
  return `${env().B24_OAUTH_URL.replace(/\/+$/, "")}/rest/`;
}
