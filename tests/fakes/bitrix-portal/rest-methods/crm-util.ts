/**
 * Shared plumbing for the CRM / sale REST methods:
 * - Main\Engine controllers (crm.item.*, sale.*, crm.orderentity.*, crm.timeline.logmessage.*) bind action arguments
 *   by name; a missing required one is `{"error": "100", "error_description": "Could not find value for parameter
 *   {entityTypeId}"}` (EN crm/timeline/logmessage/crm-timeline-logmessage-list.md error example; "100 — required
 *   parameters not provided" in every Engine method's error table);
 * - Engine lists are pages of 50 selected with `start` (`next` only while more rows remain, `total` always — rest
 *   `RestManager::getNavigationData`); a Page with an id is wrapped as `{<id>: [...]}` (sale.payment.list →
 *   `payments`, crm.item.productrow.list → `productRows`);
 * - sale/crm REST entities take camelCase field names in select/filter/order and silently drop unknown ones
 *   (SALE `lib/rest/entity/base.php` internalizeSelectFields/internalizeOrderFields `continue` on unknown names);
 *   here names are matched ignoring case and underscores (`orderId` = `ORDER_ID`);
 * - datetime values are compared as instants (ISO 8601 with any offset, or a date).
 */
import { splitFilterKey, applyOrder } from "../filter";
import { isPlainObject, type Dict } from "../forms";
import { RestError } from "../rest-errors";
import { Paged } from "./context";

export const PAGE_SIZE = 50;

export function missingParam(name: string): RestError {
  return new RestError(400, "100", `Could not find value for parameter {${name}}`);
}

/** A parameter by exact name, else case-insensitively (the SDK and docs mix `id` / `ID`). */
export function param(params: Dict, name: string): unknown {
  if (params[name] !== undefined) return params[name];
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : params[key];
}

export function requireParam(params: Dict, name: string): unknown {
  const v = param(params, name);
  if (v === undefined || v === null || v === "") throw missingParam(name);
  return v;
}

/** PHP `(int)` of a scalar parameter (batch sub-calls carry strings). */
export function toInt(value: unknown): number {
  if (typeof value === "number") return Math.trunc(value);
  const n = Number.parseInt(String(value ?? ""), 10);
  return Number.isNaN(n) ? 0 : n;
}

export function dictParam(params: Dict, name: string): Dict {
  const v = param(params, name);
  return isPlainObject(v) ? v : {};
}

export function listParam(params: Dict, name: string): string[] {
  const v = param(params, name);
  if (Array.isArray(v)) return v.map(String);
  if (isPlainObject(v)) return Object.values(v).map(String);
  return [];
}

export const norm = (name: string) => name.toLowerCase().replace(/_/g, "");

/** The row's key matching a REST field name (case- and underscore-insensitive), if any. */
export function fieldKey(row: Dict, name: string): string | undefined {
  const n = norm(name);
  return Object.keys(row).find((k) => norm(k) === n);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?)?$/;

function asInstant(v: unknown): number | null {
  if (typeof v !== "string" || !ISO_DATE.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

function cmpValues(a: unknown, b: unknown): number | null {
  if (a === null || a === undefined) return b === null || b === undefined || b === "" ? 0 : null;
  const da = asInstant(a);
  const db = asInstant(b);
  if (da !== null && db !== null) return da - db;
  const na = Number(a);
  const nb = Number(b);
  if (typeof a !== "boolean" && a !== "" && b !== "" && b !== null && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a).localeCompare(String(b ?? ""));
}

function like(value: unknown, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split("%").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
  return re.test(String(value ?? ""));
}

function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) return Object.values(v);
  return [v];
}

function matches(value: unknown, op: string, expected: unknown): boolean {
  const eq = (e: unknown) => cmpValues(value, e) === 0;
  switch (op) {
    case "":
    case "=":
      return Array.isArray(expected) || isPlainObject(expected) ? asList(expected).some(eq) : eq(expected);
    case "!":
    case "!=":
      return Array.isArray(expected) || isPlainObject(expected) ? !asList(expected).some(eq) : !eq(expected);
    case "@":
      return asList(expected).some(eq);
    case "!@":
      return !asList(expected).some(eq);
    case ">": {
      const c = cmpValues(value, expected);
      return c !== null && c > 0;
    }
    case ">=": {
      const c = cmpValues(value, expected);
      return c !== null && c >= 0;
    }
    case "<": {
      const c = cmpValues(value, expected);
      return c !== null && c < 0;
    }
    case "<=": {
      const c = cmpValues(value, expected);
      return c !== null && c <= 0;
    }
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
    default:
      return true;
  }
}

/**
 * ORM-style filter over REST-shaped rows. Conditions on fields the entity does not have are dropped (they do not
 * restrict the selection), as the sale/crm internalizers drop unknown names.
 */
export function filterRows(rows: Dict[], filter: Dict, knownFields: string[]): Dict[] {
  const known = new Map(knownFields.map((f) => [norm(f), f]));
  const conds = Object.entries(filter)
    .map(([rawKey, expected]) => ({ ...splitFilterKey(rawKey), expected }))
    .map((c) => ({ ...c, field: known.get(norm(c.field)) }))
    .filter((c): c is { op: ReturnType<typeof splitFilterKey>["op"]; field: string; expected: unknown } => c.field !== undefined);
  return rows.filter((row) => conds.every((c) => matches(row[c.field], c.op, c.expected)));
}

/** `{field: asc|desc}` over REST-shaped rows; unknown fields dropped; `fallback` when nothing usable remains. */
export function orderRows(rows: Dict[], order: Dict, knownFields: string[], fallback: Dict): Dict[] {
  const known = new Map(knownFields.map((f) => [norm(f), f]));
  const usable = Object.fromEntries(
    Object.entries(order)
      .map(([k, dir]) => [known.get(norm(k)), dir] as const)
      .filter((e): e is readonly [string, unknown] => e[0] !== undefined),
  );
  const effective = Object.keys(usable).length ? usable : fallback;
  return applyOrder(rows, effective, (row, f) => {
    const v = row[f];
    const instant = asInstant(v);
    return instant ?? v;
  });
}

/** Keeps the selected fields (in the entity's field order); empty or `*` = all; unknown names dropped. */
export function selectFields(row: Dict, select: string[]): Dict {
  if (select.length === 0 || select.includes("*")) return { ...row };
  const wanted = new Set(select.map(norm));
  return Object.fromEntries(Object.entries(row).filter(([k]) => wanted.has(norm(k))));
}

/** One page of 50 from `start`; `start = -1` means everything without `total` (crm.orderentity.list, productrow). */
export function page<T>(rows: T[], startRaw: unknown, wrap: (items: T[]) => unknown, pageSize = PAGE_SIZE): Paged | unknown {
  const start = toInt(startRaw);
  if (start === -1) return wrap(rows);
  const from = Math.max(0, start);
  const items = rows.slice(from, from + pageSize);
  const next = from + items.length < rows.length ? from + items.length : undefined;
  return new Paged(wrap(items), rows.length, next);
}
