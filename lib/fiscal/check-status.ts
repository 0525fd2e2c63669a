import type { Db } from "@/lib/db/client";
import { getReceipt } from "@/lib/db/queries/receipts";
import type { Receipt } from "@/lib/db/schema";
import { verifiedPortal } from "./accept-receipt";

// CHECK_URL: Bitrix24 asks about a check by the UUID we returned. Anything but WAIT or ERROR counts as printed
// there (even an empty answer), so an unknown or unfinished receipt is never answered with DONE.

export type CheckAnswer =
  | { STATUS: "WAIT" }
  | { STATUS: "ERROR"; ERROR: string }
  | {
      STATUS: "DONE";
      UUID: string;
      REG_NUMBER_KKT: string;
      FISCAL_DOC_ATTR: string;
      FISCAL_DOC_NUMBER: number;
      FISCAL_RECEIPT_NUMBER: number;
      FN_NUMBER: string;
      SHIFT_NUMBER: number;
      /** Unix seconds of the fiscal document's own date-time, never our clock. */
      PRINT_END_TIME: number;
    };

export async function answerCheckRequest(db: Db, req: { portalId: string; secret: string; uuid: string }): Promise<CheckAnswer> {
  const portal = await verifiedPortal(db, req.portalId, req.secret);
  if (!portal) return { STATUS: "ERROR", ERROR: "Касса не найдена. Переустановите приложение «Облачная касса»." };
  const receipt = req.uuid ? await getReceipt(db, { portalId: portal.id, id: req.uuid }) : undefined;
  if (!receipt) return { STATUS: "ERROR", ERROR: "Чек не найден в приложении «Облачная касса»" };
  return checkAnswerFor(receipt);
}

export function checkAnswerFor(receipt: Receipt): CheckAnswer {
  if ((receipt.status === "fiscalised" || receipt.status === "done") && receipt.fiscal) return { STATUS: "DONE", UUID: receipt.id, ...fiscalFields(receipt) };
  if (receipt.status === "failed") return { STATUS: "ERROR", ERROR: receipt.lastError ?? "Касса отклонила чек" };
  return { STATUS: "WAIT" };
}

/** The fiscal attributes in the shape both CHECK_URL and sale.cashbox.check.apply take. */
export function fiscalFields(receipt: Receipt) {
  const f = receipt.fiscal!;
  return {
    REG_NUMBER_KKT: f.regNumberKkt,
    FISCAL_DOC_ATTR: f.fiscalDocAttr,
    FISCAL_DOC_NUMBER: f.fiscalDocNumber,
    FISCAL_RECEIPT_NUMBER: f.fiscalReceiptNumber,
    FN_NUMBER: f.fnNumber,
    SHIFT_NUMBER: f.shiftNumber,
    PRINT_END_TIME: Math.floor(f.fiscalAt / 1000),
  };
}
