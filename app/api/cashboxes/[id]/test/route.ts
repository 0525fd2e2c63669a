// POST /api/cashboxes/:id/test – «Проверить подключение»: ask the provider for a token with the stored credentials.
import { testCashbox } from "@/lib/cashboxes/service";
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

export const POST = withSession<{ id: string }>(async ({ db, user, portal, params }) => Response.json(await testCashbox(db, { user, portal }, params.id)));
