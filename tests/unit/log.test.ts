import { describe, expect, it } from "vitest";
import { redact } from "@/lib/log";

describe("redact", () => {
  it("hides credential-looking keys at any depth and keeps the rest", () => {
    const out = redact({ login: "l", password: "p", auth: { access_token: "a", member_id: "m" }, items: [{ AUTH_ID: "x", name: "n" }] });
    expect(out).toEqual({ login: "l", password: "[redacted]", auth: "[redacted]", items: [{ AUTH_ID: "[redacted]", name: "n" }] });
  });
});
