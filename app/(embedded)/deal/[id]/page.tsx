"use client";

import { useParams } from "next/navigation";
import { Card } from "@/app/_components/card";
import { useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";

// Placeholder for the deal tab (CRM_DEAL_DETAIL_TAB). The real payments/receipts view comes in a later
// issue; until then this says so honestly instead of showing invented data.
export default function DealPage() {
  const tr = useT();
  const { id } = useParams<{ id: string }>();
  const isValid = /^\d{1,12}$/.test(id);

  if (!isValid) return <Notice tone="alert">{tr("deal.badId")}</Notice>;

  return (
    <Card title={tr("deal.title", { id })}>
      <p className="muted">{tr("deal.placeholder")}</p>
    </Card>
  );
}
