"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ApiErrorNotice } from "@/app/_components/api-error-notice";
import { useMe } from "@/app/_components/embedded-shell";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { LoadingBlock } from "@/app/_components/spinner";
import { useDealFormat } from "@/app/(embedded)/deal/_components/format";
import styles from "./support.module.css";

/** The console's frame: title, tabs, and the access gate (the API checks again on every call). */
export function SupportShell({ children }: { children: ReactNode }) {
  const tr = useT();
  const me = useMe();
  const fmt = useDealFormat();
  const path = usePathname();
  if (!me.data) return me.error ? <ApiErrorNotice error={me.error} onRetry={() => void me.mutate()} /> : <LoadingBlock text={tr("common.loading")} />;
  const { isAdmin, isSupport } = me.data.user;
  if (!isAdmin && !isSupport) return <Notice tone="warning">{tr("support.forbidden")}</Notice>;
  const tabs = [
    { href: "/support", label: tr("support.tab.queue"), active: path === "/support" || /^\/support\/(mismatches|receipts)\//.test(path) },
    { href: "/support/report", label: tr("support.tab.report"), active: path.startsWith("/support/report") },
    ...(isAdmin ? [{ href: "/support/settings", label: tr("support.tab.settings"), active: path.startsWith("/support/settings") }] : []),
  ];
  return (
    <div className={`stack ${styles.view}`}>
      <div className="page-head">
        <div>
          <h1>{tr("support.title")}</h1>
          <p>{tr("support.subtitle", { zone: fmt.zoneLabel })}</p>
        </div>
      </div>
      <nav className={styles.tabs}>
        {tabs.map((t) => (
          <Link key={t.href} href={t.href} className={t.active ? styles.tabActive : styles.tab} aria-current={t.active ? "page" : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
