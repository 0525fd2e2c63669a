import type { MessageKey } from "@/lib/i18n";

// The app's own pages in the header navigation (each page adds one line). `who`: who sees the link — everyone,
// admins only, or admins and the users named as support (`me.user.isSupport`).
export interface NavItem {
  href: string;
  /** i18n key of the label. */
  label: MessageKey;
  who: "all" | "admin" | "support";
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/settings", label: "nav.settings", who: "admin" },
  { href: "/setup", label: "nav.setup", who: "admin" },
  { href: "/support", label: "nav.support", who: "support" },
  { href: "/clocks", label: "nav.clocks", who: "support" },
];
