// Who may frame our pages: Bitrix24 cloud portals plus B24_FRAME_ANCESTORS (on-premise portals, a local emulator).
// X-Frame-Options is never sent: it would block the Bitrix24 iframe.

const BITRIX24_CLOUD_TLDS = ["ru", "com", "by", "kz", "ua", "de", "eu", "es", "fr", "it", "pl", "uk", "in", "com.br", "com.tr", "cn", "co", "id", "jp", "mx", "vn"];

export function frameAncestors(extra: string): string {
  const origins = extra.split(/\s+/).filter((o) => /^https?:\/\/[\w.*-]+(:\d+|:\*)?$/.test(o));
  return ["'self'", ...BITRIX24_CLOUD_TLDS.map((tld) => `https://*.bitrix24.${tld}`), ...origins].join(" ");
}
