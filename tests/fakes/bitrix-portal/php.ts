/**
 * PHP value semantics the receipt protocol depends on, byte for byte:
 * - `http_build_query($data, '', '&')` as `Main\Web\HttpClient::query()` runs it on array bodies
 *   (avshatalov48/bitrix-core-business modules/main/lib/web/httpclient.php): PHP_QUERY_RFC1738 `urlencode()`
 *   (only `A-Za-z0-9-_.` kept, space ⇒ `+`, everything else `%XX` upper-case, on UTF-8 bytes — so `~ ( ) * ! '`
 *   are escaped, unlike qs/URLSearchParams), keys nested as `a%5Bb%5D%5B0%5D`, `null` members dropped,
 *   empty arrays emitting nothing, `true`/`false` ⇒ `1`/`0`, ints in decimal, floats like PHP (`1000.0` ⇒ `1000`);
 * - PHP 8 int coercion of an argument (`DateTime::setTimestamp()` in `extractCheckData`);
 * - `PriceMaths::roundPrecision` (2 decimals).
 */
import { isPlainObject } from "./forms";

/** A PHP array as the emulator holds it: ordered object/list; Buffers are binary strings. */
export type PhpValue = null | undefined | boolean | number | string | Buffer | PhpValue[] | { [key: string]: PhpValue };

const UNRESERVED = /[A-Za-z0-9\-_.]/;

/** PHP `urlencode()` of a string (UTF-8) or a binary string (Buffer). */
export function phpUrlencode(value: string | Buffer): string {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  let out = "";
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && UNRESERVED.test(ch)) out += ch;
    else if (b === 0x20) out += "+";
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * A PHP float as `http_build_query` prints it (`%.*G` with precision 14 / shortest form). Integral values print
 * without a fraction (`1000.0` ⇒ `1000`), two-decimal money values print as written. Exponent forms of huge or tiny
 * values are not reproduced (receipt amounts never reach them).
 */
export function phpFloatString(value: number): string {
  if (Number.isNaN(value)) return "NAN";
  if (!Number.isFinite(value)) return value > 0 ? "INF" : "-INF";
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return String(Number(value.toPrecision(14)));
}

/** The string a scalar becomes on the wire (`http_build_query`) or in a PHP string context. */
export function phpScalarString(value: boolean | number | string | Buffer): string | Buffer {
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return phpFloatString(value);
  return value;
}

function encodePair(key: string, value: PhpValue, out: string[]): void {
  if (value === null || value === undefined) return;
  if (Buffer.isBuffer(value)) {
    out.push(`${key}=${phpUrlencode(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => encodePair(`${key}%5B${i}%5D`, v, out));
    return;
  }
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) encodePair(`${key}%5B${phpUrlencode(k)}%5D`, v as PhpValue, out);
    return;
  }
  const scalar = phpScalarString(value as boolean | number | string);
  out.push(`${key}=${phpUrlencode(scalar)}`);
}

/** PHP `http_build_query($data, '', '&')` (PHP_QUERY_RFC1738). */
export function phpHttpBuildQuery(data: Record<string, PhpValue>): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(data)) encodePair(phpUrlencode(k), v, out);
  return out.join("&");
}

/** Thrown where PHP 8 would throw a TypeError (the request/agent run dies; see the callers). */
export class PhpTypeError extends Error {
  constructor(message: string) {
    super(`TypeError: ${message}`);
  }
}

/**
 * PHP 8 coercion of a value passed to an internal `int` parameter (non-strict mode), e.g.
 * `DateTime::setTimestamp($data['PRINT_END_TIME'])`: null ⇒ 0 (deprecation only), numbers truncate, numeric and
 * leading-numeric strings (`"2024-01-01T00:00:00"` ⇒ 2024, with a warning) convert, anything else is a TypeError.
 */
export function phpIntArgument(value: unknown, what: string): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === "string") {
    const m = /^[ \t\n\r\v\f]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/.exec(value);
    if (m?.[1]) return Math.trunc(Number(m[1]));
    throw new PhpTypeError(`${what}: Argument #1 ($timestamp) must be of type int, string given`);
  }
  throw new PhpTypeError(`${what}: Argument #1 ($timestamp) must be of type int, ${Array.isArray(value) ? "array" : typeof value} given`);
}

/** `Sale\PriceMaths::roundPrecision` — round to 2 decimals (SALE_VALUE_PRECISION). */
export function roundPrecision(value: number): number {
  const r = Math.round(Math.abs(value) * 100 * (1 + Number.EPSILON)) / 100;
  return value < 0 ? -r : r;
}

/** What a scalar column keeps when PHP writes `$value` into a string DB field (`null` stays NULL, arrays ⇒ "Array"). */
export function phpDbString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? "1" : "";
  if (typeof value === "number") return phpFloatString(value);
  if (typeof value === "string") return value;
  return "Array";
}
