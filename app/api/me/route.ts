// GET /api/me – the signed-in user and portal for the embedded pages.
import { withSession } from "@/lib/http/handlers";
import { consoleRole } from "@/lib/support/access";

export const runtime = "nodejs";

export const GET = withSession(async ({ db, user, portal }) =>
  Response.json({
    portal: { id: portal.id, domain: portal.domain, memberId: portal.memberId, timezone: portal.timezone },
    // isSupport is read from the portal's settings on every call: the admin's list takes effect without a new sign-in.
    user: { id: user.userId, name: user.name, isAdmin: user.isAdmin, isSupport: (await consoleRole(db, portal, user)) === "support" },
    lang: user.lang,
  }),
);
