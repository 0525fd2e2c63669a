import { describe, expect, it } from "vitest";
import { frameAncestors } from "@/lib/http/frame-ancestors";

describe("frameAncestors", () => {
  it("allows Bitrix24 cloud portals and the configured extra origins, nothing else", () => {
    const csp = frameAncestors("http://127.0.0.1:4100 https://crm.example.ru javascript:alert(1) *");
    expect(csp).toContain("https://*.bitrix24.ru");
    expect(csp).toContain("https://*.bitrix24.com");
    expect(csp).toContain("http://127.0.0.1:4100");
    expect(csp).toContain("https://crm.example.ru");
    expect(csp).not.toContain("javascript");
    expect(csp.split(" ")).not.toContain("*");
  });
});
