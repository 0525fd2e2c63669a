import { withSession, type SessionContext } from "@/lib/http/handlers";
import { requireConsole, type ConsoleRole } from "./access";

/** withSession plus the console check: every support API call verifies the caller is an admin or named support. */
export function withConsole<P = Record<string, never>>(handler: (ctx: SessionContext<P> & { role: ConsoleRole }) => Promise<Response>) {
  return withSession<P>(async (ctx) => handler({ ...ctx, role: await requireConsole(ctx.db, ctx.portal, ctx.user) }));
}
