// GET /api/support/mismatches/:id – one mismatch with its decision trace, clocks and audit history.
import { getMismatchDetail } from "@/lib/support/detail";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const GET = withConsole<{ id: string }>(async ({ db, portal, params }) => Response.json(await getMismatchDetail(db, portal, params.id)));
