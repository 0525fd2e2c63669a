import { describe, expect, it } from "vitest";
import { deriveKey, needsReseal, open, seal } from "@/lib/crypto/secret-box";
import { hashToken, tokenMatches } from "@/lib/crypto/tokens";

const current = deriveKey("current-secret-0123456789-0123456789");
const previous = deriveKey("previous-secret-0123456789-012345678");

describe("secret box (AES-256-GCM)", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = seal("zUr0OxfI", current);
    expect(sealed).not.toContain("zUr0OxfI");
    expect(open(sealed, [current])).toBe("zUr0OxfI");
    expect(seal("zUr0OxfI", current)).not.toBe(sealed); // fresh IV each time
  });

  it("refuses a tampered envelope", () => {
    const parts = seal("secret", current).split(".");
    parts[4] = Buffer.from("other!").toString("base64url");
    expect(() => open(parts.join("."), [current])).toThrow();
  });

  it("opens values sealed with the previous key after a rotation and says they need re-sealing", () => {
    const old = seal("old value", previous);
    expect(() => open(old, [current])).toThrow(/no key/);
    expect(open(old, [current, previous])).toBe("old value");
    expect(needsReseal(old, current)).toBe(true);
    expect(needsReseal(seal("x", current), current)).toBe(false);
  });
});

describe("token hashes", () => {
  it("match only the same token under the same secret", () => {
    const h = hashToken("app-token", "s1");
    expect(tokenMatches("app-token", h, "s1")).toBe(true);
    expect(tokenMatches("app-tokeN", h, "s1")).toBe(false);
    expect(tokenMatches("app-token", h, "s2")).toBe(false);
    expect(tokenMatches(undefined, h, "s1")).toBe(false);
    expect(tokenMatches("app-token", null, "s1")).toBe(false);
  });
});
