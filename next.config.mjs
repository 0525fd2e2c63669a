// Pages must render inside the Bitrix24 iframe: no X-Frame-Options, and a CSP frame-ancestors that allows the
// Bitrix24 cloud domains plus B24_FRAME_ANCESTORS (on-premise portals, the local emulator in development).

const BITRIX24_CLOUD = ["ru", "com", "by", "kz", "ua", "de", "eu", "es", "fr", "it", "pl", "uk", "in", "com.br", "com.tr", "cn", "co", "id", "jp", "mx", "vn"]
  .map((tld) => `https://*.bitrix24.${tld}`);

const extra = (process.env.B24_FRAME_ANCESTORS ?? "").split(/\s+/).filter(Boolean);
const frameAncestors = ["'self'", ...BITRIX24_CLOUD, ...extra].join(" ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm assets and ws is native-ish: keep both out of the server bundle (docs/stack-notes.md §1.4).
  serverExternalPackages: ["@electric-sql/pglite", "ws"],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: `frame-ancestors ${frameAncestors}` },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Content-Type-Options", value: "nosniff" },
        ],
      },
    ];
  },
};

export default nextConfig;
