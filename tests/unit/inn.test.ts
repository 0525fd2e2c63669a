import { describe, expect, it } from "vitest";
import { isValidInn } from "@/lib/cashboxes/inn";

describe("isValidInn", () => {
  it.each(["5544332219", "7727401209", "7707083893", "500100732259"])("accepts %s", (inn) => expect(isValidInn(inn)).toBe(true));
  it.each(["5544332210", "7707083894", "500100732258", "123", "55443322190", "abcdefghij"])("rejects %s", (inn) =>
    expect(isValidInn(inn)).toBe(false),
  );
});
