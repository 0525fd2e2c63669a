import type { Metadata } from "next";
import { ReportView } from "../_components/report-view";
import { SupportShell } from "../_components/support-shell";

export const metadata: Metadata = { title: "Сверка по дням — Консоль поддержки" };

export default function SupportReportPage() {
  return (
    <SupportShell>
      <ReportView />
    </SupportShell>
  );
}
