import { AppError } from "./errors";

/**
 * Reads a request body as text, refusing it (413) as soon as it passes `maxBytes` — before it is parsed, and
 * without buffering more than the limit, whatever Content-Length claims.
 */
export async function readTextLimited(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", "Слишком большой запрос");
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
