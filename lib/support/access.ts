import type { SessionUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { getPortalSettings } from "@/lib/db/queries/portal-settings";
import type { Portal } from "@/lib/db/schema";
import { AppError } from "@/lib/http/errors";

// Who may work the support console: the portal's admins and the users an admin named as support.
// Read from the database on every call (not from the session token), so removing someone takes effect at once.

export type ConsoleRole = "admin" | "support";

export async function consoleRole(db: Db, portal: Portal, user: SessionUser): Promise<ConsoleRole | null> {
  if (user.isAdmin) return "admin";
  const settings = await getPortalSettings(db, portal.id);
  return settings.supportUserIds.includes(user.userId) ? "support" : null;
}

export async function requireConsole(db: Db, portal: Portal, user: SessionUser): Promise<ConsoleRole> {
  const role = await consoleRole(db, portal, user);
  if (!role) throw new AppError("forbidden", "Консоль поддержки доступна администраторам и сотрудникам, которых администратор назначил поддержкой");
  return role;
}

export function requireAdmin(user: SessionUser): void {
  if (!user.isAdmin) throw new AppError("forbidden", "Настройки поддержки меняет администратор портала");
}
