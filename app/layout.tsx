import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Облачная касса для Битрикс24",
  description: "Чеки 54-ФЗ через АТОЛ Онлайн для оплат в CRM Битрикс24",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
};

// Russian by default: there is no cookie to read inside the Bitrix24 iframe, and most portals are Russian.
// Embedded pages switch <html lang> on the client once they know the portal or user language.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ru">
      <body>{children}</body>
    </html>
  );
}
