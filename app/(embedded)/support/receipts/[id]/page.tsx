import type { Metadata } from "next";
import { ReceiptDetailView } from "../../_components/detail-view";
import { SupportShell } from "../../_components/support-shell";

export const metadata: Metadata = { title: "Чек — Консоль поддержки" };

export default async function ReceiptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <SupportShell>
      <ReceiptDetailView id={id} />
    </SupportShell>
  );
}
