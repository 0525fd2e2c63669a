// GET /api/support/receipts/:id – one receipt with its decision trace, related mismatches, clocks and audit history.
import { getReceiptDetail } from "@/lib/support/detail";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const GET = withConsole<{ id: string }>(async ({ db, portal, params }) => Response.json(await getReceiptDetail(db, portal, params.id)));
