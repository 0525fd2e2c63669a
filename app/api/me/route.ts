// GET /api/me – the signed-in user and portal for the embedded pages.
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

export const GET = withSession(async ({ user, portal }) =>
  Response.json({
    portal: { id: portal.id, domain: portal.domain, memberId: portal.memberId, timezone: portal.timezone },
    user: { id: user.userId, name: user.name, isAdmin: user.isAdmin },
    lang: user.lang,
  }),
);
