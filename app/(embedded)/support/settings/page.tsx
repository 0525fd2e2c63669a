import type { Metadata } from "next";
import { SupportSettingsView } from "../_components/settings-view";
import { SupportShell } from "../_components/support-shell";

export const metadata: Metadata = { title: "Настройки поддержки — Консоль поддержки" };

export default function SupportSettingsPage() {
  return (
    <SupportShell>
      <SupportSettingsView />
    </SupportShell>
  );
}
