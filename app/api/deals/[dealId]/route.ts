// GET /api/deals/:dealId – the deal tab: payments, their receipts and what is still to be fiscalised.
import { getDealView } from "@/lib/deals/deal-view";
import { dealPaymentParams } from "@/lib/deals/schemas";
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const dealOnly = dealPaymentParams.pick({ dealId: true });

export const GET = withSession<{ dealId: string }>(async ({ db, portal, params }) => Response.json(await getDealView(db, portal, dealOnly.parse(params).dealId)));
