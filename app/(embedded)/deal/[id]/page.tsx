import type { Metadata } from "next";
import { DealView } from "../_components/deal-view";

export const metadata: Metadata = { title: "Чеки сделки — Облачная касса" };

// The deal tab (CRM_DEAL_DETAIL_TAB): the deal's payments, their receipts and what is still owed fiscally.
export default async function DealPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DealView dealId={id} />;
}
