/**
 * A small version of Bitrix ORM list filtering (`CSqlUtil::GetFilterOperation` prefixes) and ordering,
 * enough for the list methods the app uses: `=`, `!`/`!=`, `>`, `>=`, `<`, `<=`, `@` (IN), `!@`,
 * `%` (substring), `=%`/`%=` (LIKE with %), `!%`.
 */
import type { Dict } from "./forms";

const OPS = [">=", "<=", "!@", "!=%", "!%=", "!%", "!=", "=%", "%=", ">", "<", "=", "!", "@", "%"] as const;
type Op = (typeof OPS)[number] | "";

export function splitFilterKey(rawKey: string): { op: Op; field: string } {
  for (const op of OPS) {
    if (rawKey.startsWith(op)) return { op, field: rawKey.slice(op.length) };
  }
  return { op: "", field: rawKey };
}

function cmp(a: unknown, b: unknown): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== "" && b !== "" && a !== null && b !== null && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a ?? "").localeCompare(String(b ?? ""));
}

function like(value: unknown, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split("%").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
  return re.test(String(value ?? ""));
}

function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === "object") return Object.values(v);
  return String(v ?? "").split(",");
}

function matchOne(value: unknown, op: Op, expected: unknown): boolean {
  switch (op) {
    case "":
    case "=":
      if (Array.isArray(expected)) return expected.some((e) => cmp(value, e) === 0);
      return cmp(value, expected) === 0;
    case "!":
    case "!=":
      return cmp(value, expected) !== 0;
    case ">":
      return cmp(value, expected) > 0;
    case ">=":
      return cmp(value, expected) >= 0;
    case "<":
      return cmp(value, expected) < 0;
    case "<=":
      return cmp(value, expected) <= 0;
    case "@":
      return asList(expected).some((e) => cmp(value, e) === 0);
    case "!@":
      return !asList(expected).some((e) => cmp(value, e) === 0);
    case "%":
      return String(value ?? "").toLowerCase().includes(String(expected ?? "").toLowerCase());
    case "!%":
      return !String(value ?? "").toLowerCase().includes(String(expected ?? "").toLowerCase());
    case "=%":
    case "%=":
      return like(value, String(expected ?? ""));
    case "!=%":
    case "!%=":
      return !like(value, String(expected ?? ""));
  }
}

/** Keeps rows matching every filter entry (AND). `getField` maps a filter field name to the row value. */
export function applyFilter<T>(rows: T[], filter: Dict, getField: (row: T, field: string) => unknown): T[] {
  const entries = Object.entries(filter).map(([k, v]) => ({ ...splitFilterKey(k), expected: v }));
  return rows.filter((row) => entries.every(({ op, field, expected }) => matchOne(getField(row, field), op, expected)));
}

/** `{FIELD: 'ASC'|'DESC'}` ordering, stable. */
export function applyOrder<T>(rows: T[], order: Dict, getField: (row: T, field: string) => unknown): T[] {
  const keys = Object.entries(order);
  if (keys.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const [field, dir] of keys) {
      const c = cmp(getField(a, field), getField(b, field));
      if (c !== 0) return String(dir).toUpperCase() === "DESC" ? -c : c;
    }
    return 0;
  });
}
