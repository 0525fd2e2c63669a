import { env } from "@/lib/env";

// Public URLs we register in Bitrix24. No trailing slashes: Next.js would answer them with a 308 redirect,
// which Bitrix24's HTTP client turns into a GET (docs/bitrix24-protocol.md §0.7).

export const appUrls = {
  events: () => `${env().APP_URL}/api/bitrix/events`,
  frame: () => `${env().APP_URL}/api/bitrix/app`,
  print: (portalId: string, secret: string) => `${env().APP_URL}/api/cashbox/${portalId}/${secret}/print`,
  check: (portalId: string, secret: string) => `${env().APP_URL}/api/cashbox/${portalId}/${secret}/check`,
};
