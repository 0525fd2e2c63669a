// GET /api/support/people – names of the support users, the notified user and the installing admin (Bitrix24 user.get).
import { listPeople } from "@/lib/support/people";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const GET = withConsole(async ({ db, portal }) => Response.json({ items: await listPeople(db, portal) }));
