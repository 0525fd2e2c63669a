import type { Metadata } from "next";
import { ClocksView } from "./_components/clocks-view";

export const metadata: Metadata = { title: "Синхронизация часов — Облачная касса" };

export default function ClocksPage() {
  return <ClocksView />;
}
