import type { ReactNode } from "react";
import { EmbeddedShell } from "@/app/_components/embedded-shell";

// Pages shown inside the Bitrix24 iframe. Data comes from the JSON API on the client (SWR), because the
// session token lives in sessionStorage of the frame and never reaches a server render.
export default function EmbeddedLayout({ children }: { children: ReactNode }) {
  return <EmbeddedShell>{children}</EmbeddedShell>;
}
