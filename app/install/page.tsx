import type { Metadata } from "next";
import { InstallStatus, type InstallOutcome } from "./install-status";

export const metadata: Metadata = { title: "Установка — Облачная касса" };

type InstallPageProps = {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Where our install handler 303-redirects: /install?status=ok or /install?status=error&message=…
// Needs no session. The result is rendered on the server so the page is never blank, even before JS runs.
export default async function InstallPage({ searchParams }: InstallPageProps) {
  const query = await searchParams;
  const status = first(query.status);
  const outcome: InstallOutcome = status === "ok" ? "ok" : status === "error" ? "error" : "unknown";
  // Capped: the text is ours, but it travels in the URL and is shown verbatim.
  const message = first(query.message)?.slice(0, 500) ?? null;

  return (
    <main className="public">
      <InstallStatus outcome={outcome} message={message} />
    </main>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
