import { afterAll, beforeAll, vi } from "vitest";

/** Collects every console line the app writes during a test file, to search it for secrets. */
export function captureLogs(): { lines: string[] } {
  const captured = { lines: [] as string[] };
  beforeAll(() => {
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
  });
  afterAll(() => vi.restoreAllMocks());
  return captured;
}
