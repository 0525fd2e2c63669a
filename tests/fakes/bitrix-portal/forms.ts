/**
 * PHP-isms the emulator needs to speak like Bitrix24: bracket-nested forms (`parse_str` /
 * `http_build_query`), `empty()`, `array_change_key_case` recursion, `array_replace_recursive`
 * and json_encode's "empty array is `[]`".
 */
import qs from "qs";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Dict = Record<string, unknown>;

/** PHP `parse_str` of a form or query string: bracket nesting, every value a string. */
export function parsePhpForm(text: string): Dict {
  if (!text) return {};
  return qs.parse(text, { depth: 20, arrayLimit: 1000, parameterLimit: 10000 }) as Dict;
}

/**
 * PHP `http_build_query`: bracket nesting with percent-encoded brackets, `+` for spaces.
 * Bitrix24 sends event and frame POSTs this way (docs/bitrix24-protocol.md §5 "Wire format").
 */
export function buildPhpForm(data: Dict): string {
  return qs.stringify(data, { format: "RFC1738", encodeValuesOnly: false, arrayFormat: "indices" });
}

export function isPlainObject(value: unknown): value is Dict {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** PHP `empty()`: '', '0', 0, null, false, [] and missing are empty. */
export function phpEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true;
  if (value === "" || value === "0" || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

/** PHP truthiness (`if ($x)`), same as !empty(). */
export function phpTruthy(value: unknown): boolean {
  return !phpEmpty(value);
}

/**
 * SALE `RestService::arrayChangeKeyCaseRecursive`: upper-cases every key at every depth
 * (lists keep their numeric keys). A later key wins on collision, as in PHP.
 */
export function upperKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(upperKeysDeep);
  if (!isPlainObject(value)) return value;
  const out: Dict = {};
  for (const [k, v] of Object.entries(value)) out[k.toUpperCase()] = upperKeysDeep(v);
  return out;
}

/** `array_change_key_case($a, CASE_UPPER)` on one level only. */
export function upperKeys(value: unknown): Dict {
  if (!isPlainObject(value)) return {};
  const out: Dict = {};
  for (const [k, v] of Object.entries(value)) out[k.toUpperCase()] = v;
  return out;
}

/** `array_change_key_case($a, CASE_LOWER)` on one level only. */
export function lowerKeys(value: unknown): Dict {
  if (!isPlainObject(value)) return {};
  const out: Dict = {};
  for (const [k, v] of Object.entries(value)) out[k.toLowerCase()] = v;
  return out;
}

/** PHP `array_replace_recursive`: keys of `next` replace `base`, arrays on both sides merge by key. */
export function arrayReplaceRecursive(base: unknown, next: unknown): unknown {
  const baseIsArr = Array.isArray(base) || isPlainObject(base);
  const nextIsArr = Array.isArray(next) || isPlainObject(next);
  if (!baseIsArr || !nextIsArr) return clone(next);
  if (Array.isArray(base) && Array.isArray(next)) {
    const out = base.map(clone);
    next.forEach((v, i) => {
      out[i] = arrayReplaceRecursive(out[i], v);
    });
    return out;
  }
  const out: Dict = { ...(toDict(base)) };
  for (const [k, v] of Object.entries(toDict(next))) {
    out[k] = k in out ? arrayReplaceRecursive(out[k], v) : clone(v);
  }
  return out;
}

function toDict(value: unknown): Dict {
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  return isPlainObject(value) ? value : {};
}

export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * PHP `json_encode` of an associative array kept as ordered entries: a list when the keys are
 * exactly 0..n-1, `[]` when empty, an object otherwise (e.g. batch `result_error` {"1": …}).
 */
export function phpArray(entries: Array<[string, unknown]>): unknown {
  if (entries.length === 0) return [];
  const sequential = entries.every(([k], i) => k === String(i));
  if (sequential) return entries.map(([, v]) => v);
  return Object.fromEntries(entries);
}

/** An empty PHP array serialises as `[]`, never `{}`. */
export function phpObject(value: unknown): unknown {
  if (isPlainObject(value) && Object.keys(value).length === 0) return [];
  if (value === undefined || value === null) return [];
  return value;
}

/** String form of a scalar as PHP/MySQL hands it back (`"1"`, `"100"`, `""`). */
export function dbString(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (value === true) return "1";
  return String(value);
}
