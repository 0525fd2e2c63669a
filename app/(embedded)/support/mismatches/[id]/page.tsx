import type { Metadata } from "next";
import { MismatchDetailView } from "../../_components/detail-view";
import { SupportShell } from "../../_components/support-shell";

export const metadata: Metadata = { title: "Расхождение — Консоль поддержки" };

export default async function MismatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <SupportShell>
      <MismatchDetailView id={id} />
    </SupportShell>
  );
}
