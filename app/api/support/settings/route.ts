// GET /api/support/settings – who is support, who is notified and how often; PUT – the admin changes them.
import { readJson } from "@/lib/http/handlers";
import { readSupportSettings, saveSupportSettings, supportSettingsSchema } from "@/lib/support/settings";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const GET = withConsole(async ({ db, portal }) => Response.json({ item: await readSupportSettings(db, portal) }));

export const PUT = withConsole(async ({ req, db, portal, user }) => {
  const input = supportSettingsSchema.parse(await readJson(req));
  return Response.json({ item: await saveSupportSettings(db, portal, user, input) });
});
