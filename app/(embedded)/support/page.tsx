import type { Metadata } from "next";
import { Suspense } from "react";
import { QueueView } from "./_components/queue-view";
import { SupportShell } from "./_components/support-shell";

export const metadata: Metadata = { title: "Консоль поддержки — Облачная касса" };

// The support queue: mismatches and failed receipts. The filters are read from the address on the client.
export default function SupportPage() {
  return (
    <SupportShell>
      <Suspense>
        <QueueView />
      </Suspense>
    </SupportShell>
  );
}
