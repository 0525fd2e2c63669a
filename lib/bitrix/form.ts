import qs from "qs";
import { readTextLimited } from "@/lib/http/body";
import { AppError } from "@/lib/http/errors";

/** Bitrix24 posts small forms; anything above this is not from Bitrix24 and is refused before parsing. */
export const MAX_FORM_BYTES = 256 * 1024;

/**
 * Reads a Bitrix24 POST: `application/x-www-form-urlencoded` with PHP bracket nesting (`auth[member_id]=…`),
 * or JSON (the docs render payloads as JSON). Values stay strings, as PHP sends them.
 */
export async function readBitrixBody(req: Request, maxBytes = MAX_FORM_BYTES): Promise<Record<string, unknown>> {
  return sanitize(await parse(req, maxBytes)) as Record<string, unknown>;
}

async function parse(req: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const text = await readTextLimited(req, maxBytes);
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(text || "{}");
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through to the error below
    }
    throw new AppError("bad_request", "Некорректный JSON");
  }
  // depth/arrayLimit keep hostile nesting cheap; 100 items per receipt is the ATOL maximum anyway.
  return qs.parse(text, { depth: 6, arrayLimit: 200, parameterLimit: 5000 }) as Record<string, unknown>;
}

/**
 * Strings Postgres cannot store (NUL, lone UTF-16 surrogates) are cleaned in keys and values, so hostile bytes get
 * a clear answer from validation instead of a database error.
 */
function sanitize(value: unknown): unknown {
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) return value.map(sanitize);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), sanitize(v)]));
  return value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(s: string): string {
  return s.replaceAll("\u0000", "").replace(LONE_SURROGATE, "\uFFFD");
}
