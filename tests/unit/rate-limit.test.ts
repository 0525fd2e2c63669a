import { describe, expect, it } from "vitest";
import { takeToken } from "@/lib/http/rate-limit";

describe("takeToken", () => {
  it("allows the burst, refuses the next, and refills with time", () => {
    const spec = { burst: 3, perSecond: 2 };
    const t0 = 1_000_000;
    expect([1, 2, 3, 4].map(() => takeToken("k1", spec, t0))).toEqual([true, true, true, false]);
    expect(takeToken("k1", spec, t0 + 499)).toBe(false);
    expect(takeToken("k1", spec, t0 + 500)).toBe(true);
    expect(takeToken("other", spec, t0)).toBe(true);
  });
});
