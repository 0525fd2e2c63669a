"use client";

import useSWR from "swr";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";

interface SyncStatus {
  syncedAt: string | null;
  backfill: { status: "running" | "done" | "failed"; done: number; total: number | null; error?: string };
}

/** After install the app reads the CRM payments made before it: the admin sees that it is happening and how far. */
export function PaymentsSyncStatus() {
  const tr = useT();
  const { data } = useSWR<SyncStatus>("/api/payments/status", { refreshInterval: (d) => (d?.backfill.status === "running" ? 5_000 : 0) });
  if (!data || data.backfill.status === "done") return null;
  return (
    <Notice tone="info" compact>
      {tr("settings.backfill", { done: String(data.backfill.done) })}
      {data.backfill.error ? ` — ${data.backfill.error}` : ""}
    </Notice>
  );
}
