"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Me } from "@/lib/client/api";
import { useT } from "./lang-provider";
import { NAV_ITEMS } from "./nav-items";

/** Links between the app's pages; the deal tab (opened from a deal card) shows none, it lives in its own context. */
export function AppNav({ me }: { me: Me }) {
  const tr = useT();
  const path = usePathname();
  if (path.startsWith("/deal/")) return null;
  const support = me.user.isAdmin || me.user.isSupport === true;
  const items = NAV_ITEMS.filter((i) => i.who === "all" || (i.who === "admin" ? me.user.isAdmin : support));
  if (items.length < 2) return null;
  return (
    <nav className="app-nav" aria-label={tr("nav.label")}>
      {items.map((i) => (
        <Link key={i.href} href={i.href} className={path.startsWith(i.href) ? "app-nav__link app-nav__link--active" : "app-nav__link"}>
          {tr(i.label)}
        </Link>
      ))}
    </nav>
  );
}
