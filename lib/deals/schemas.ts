import { z } from "zod";

export const dealPaymentParams = z.object({
  dealId: z.coerce.number({ error: "Неверный номер сделки" }).int().positive().max(1e12),
  paymentId: z.coerce.number({ error: "Неверный номер платежа" }).int().positive().max(1e12),
});

export const paymentReceiptBody = z.object({ kind: z.enum(["full", "offset"], { error: "Вид чека: full или offset" }) });
