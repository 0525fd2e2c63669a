/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm assets and ws is used by the Neon driver on Node 20: keep both out of the server bundle
  // (docs/stack-notes.md §1.4). Framing headers (CSP frame-ancestors) are set per request in proxy.ts.
  serverExternalPackages: ["@electric-sql/pglite", "ws"],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Content-Type-Options", value: "nosniff" },
        ],
      },
    ];
  },
};

export default nextConfig;
