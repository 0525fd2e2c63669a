import qs from "qs";
import { AppError } from "@/lib/http/errors";

/** Bitrix24 posts small forms; anything above this is not from Bitrix24 and is refused before parsing. */
export const MAX_FORM_BYTES = 256 * 1024;

/**
 * Reads a Bitrix24 POST: `application/x-www-form-urlencoded` with PHP bracket nesting (`auth[member_id]=…`),
 * or JSON (the docs render payloads as JSON). Values stay strings, as PHP sends them.
 */
export async function readBitrixBody(req: Request, maxBytes = MAX_FORM_BYTES): Promise<Record<string, unknown>> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", "Слишком большой запрос");
  const text = await readLimited(req, maxBytes);
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

async function readLimited(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError("payload_too_large", "Слишком большой запрос");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
