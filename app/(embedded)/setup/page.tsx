import type { Metadata } from "next";
import { SetupView } from "./_components/setup-view";

export const metadata: Metadata = { title: "Подключение кассы — Облачная касса" };

export default function SetupPage() {
  return <SetupView />;
}
