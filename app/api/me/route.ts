// GET /api/me – the signed-in user and portal for the embedded pages.
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

export const GET = withSession(async ({ user }) =>
  Response.json({
    portal: { id: user.portalId, domain: user.domain, memberId: user.memberId },
    user: { id: user.userId, name: user.name, isAdmin: user.isAdmin },
    lang: user.lang,
  }),
);
