/** Documents of the fake Orange Data server: content checks (400 texts) and the status 200 body (§3.1). */
import type { OrangeDocKind, OrangeDocument } from "./server";

/** Obviously bad content ⇒ the 400 text; payments must add up to Σ price × quantity (±1 kopeck). */
export function validateContent(kind: OrangeDocKind, content: unknown): string | undefined {
  if (!content || typeof content !== "object") return "Поле content обязательно";
  const c = content as Record<string, unknown>;
  const positions = c.positions;
  if (!Array.isArray(positions) || positions.length === 0) return "content.positions: нужна хотя бы одна позиция";
  let totalKop = 0;
  for (const p of positions as Array<Record<string, unknown>>) {
    if (typeof p.price !== "number" || typeof p.quantity !== "number" || p.quantity <= 0) return "content.positions: неверные цена или количество";
    if (typeof p.text !== "string" || !p.text) return "content.positions.text обязателен";
    totalKop += Math.round(p.price * p.quantity * 100);
  }
  const close = c.checkClose as Record<string, unknown> | undefined;
  const payments = close?.payments;
  if (!Array.isArray(payments) || payments.length === 0) return "content.checkClose.payments: нужна хотя бы одна оплата";
  const paidKop = (payments as Array<Record<string, unknown>>).reduce((s, p) => s + Math.round(Number(p.amount) * 100), 0);
  if (Math.abs(paidKop - totalKop) > 1) return `Сумма оплат ${paidKop / 100} не равна сумме позиций ${totalKop / 100}`;
  if (kind === "correction12" && c.correctionType !== 0 && c.correctionType !== 1) return "content.correctionType: 0 или 1";
  return undefined;
}

/** The 200 answer of a status request: fiscal data of a test ФН (9999…), processedAt in Moscow wall time. */
export function statusBody(doc: OrangeDocument): Record<string, unknown> {
  const content = (doc.body.content ?? {}) as Record<string, unknown>;
  return {
    id: doc.id,
    deviceSN: "1700000000000001",
    deviceRN: "0000000000012345",
    fsNumber: "9999078900004792",
    ofdName: "ООО «Тестовый ОФД»",
    ofdWebsite: "www.ofd.test",
    ofdinn: "7704211201",
    fnsWebsite: "www.nalog.gov.ru",
    companyINN: doc.inn,
    companyName: "Тестовая организация",
    documentNumber: doc.documentNumber,
    shiftNumber: 17,
    documentIndex: doc.documentNumber - 1000,
    processedAt: isoMoscow(doc.processedAtMs),
    content,
    change: 0,
    fp: doc.fp,
    callbackUrl: doc.body.callbackUrl ?? null,
    meta: doc.body.meta ?? null,
  };
}

/** ISO 8601 without offset, Moscow wall time (as Orange's `processedAt`). */
function isoMoscow(ms: number): string {
  return new Date(ms + 3 * 3600_000).toISOString().slice(0, 19);
}
