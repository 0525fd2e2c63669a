import QRCode from "qrcode";
import type { Receipt } from "@/lib/db/schema";

// The QR code printed on every receipt (ФНС format): t=date-time of the document (fiscal drive's local time),
// s=sum, fn, i=ФД, fp=ФП, n=1 приход / 2 возврат прихода. The «Проверка чеков» app reads it.

const MSK_MS = 3 * 3600_000;

export function fiscalQrText(r: Pick<Receipt, "fiscal" | "operation" | "totalKop">): string | null {
  const f = r.fiscal;
  if (!f) return null;
  const d = new Date(f.fiscalAt + MSK_MS);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const t = `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}T${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}`;
  const sum = ((f.totalKop ?? r.totalKop) / 100).toFixed(2);
  const n = r.operation === "sell_refund" || r.operation === "sell_refund_correction" ? 2 : 1;
  return `t=${t}&s=${sum}&fn=${f.fnNumber}&i=${f.fiscalDocNumber}&fp=${f.fiscalDocAttr}&n=${n}`;
}

/** An inline SVG of the receipt's QR code, rendered on the server so the deal tab ships no QR library. */
export async function fiscalQrSvg(r: Pick<Receipt, "fiscal" | "operation" | "totalKop">): Promise<string | null> {
  const text = fiscalQrText(r);
  return text ? QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" }) : null;
}
