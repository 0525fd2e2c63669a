// GET /api/bitrix/vat – the portal's catalog VAT ids with the suggested VAT code, for the settings' VAT map.
import { listCatalogVats } from "@/lib/cashboxes/service";
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

export const GET = withSession(async ({ db, user, portal }) => Response.json({ items: await listCatalogVats(db, { user, portal }) }));
