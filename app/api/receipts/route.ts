// GET /api/receipts?status=failed,needs_attention&limit=50 – (admins and support) the portal's receipts, newest first (support's queue).
import { z } from "zod";
import { listReceipts } from "@/lib/db/queries/receipts";
import { toReceiptView } from "@/lib/fiscal/receipt-view";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

const STATUSES = ["accepted", "registering", "registered", "fiscalised", "done", "failed", "needs_attention"] as const;
const query = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",") : []))
    .pipe(z.array(z.enum(STATUSES, { error: "Неизвестный статус чека" }))),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = withConsole(async ({ req, db, portal }) => {
  const q = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  const items = await listReceipts(db, { portalId: portal.id, statuses: q.status, limit: q.limit });
  return Response.json({ items: items.map(toReceiptView) });
});
