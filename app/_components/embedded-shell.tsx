"use client";

import type { ReactNode } from "react";
import useSWR, { SWRConfig, type SWRConfiguration } from "swr";
import { ApiError, fetcher, type Me } from "@/lib/client/api";
import { AppNav } from "./app-nav";
import { BitrixFrameProvider } from "./bitrix-frame";
import { LangProvider, LangSwitch, useT } from "./lang-provider";

const swrConfig: SWRConfiguration = {
  fetcher,
  // Focus events fire constantly as the user moves between the portal and our iframe.
  revalidateOnFocus: false,
  // 4xx answers (expired session, no rights, validation) will not change on a retry.
  shouldRetryOnError: (error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500),
};

export function useMe() {
  return useSWR<Me, ApiError>("/api/me");
}

/** Everything an embedded page needs: data fetching, the Bitrix24 frame, language and the header. */
export function EmbeddedShell({ children }: { children: ReactNode }) {
  return (
    <SWRConfig value={swrConfig}>
      <BitrixFrameProvider>
        <PortalLang>
          <AppHeader />
          <main className="page">{children}</main>
        </PortalLang>
      </BitrixFrameProvider>
    </SWRConfig>
  );
}

function PortalLang({ children }: { children: ReactNode }) {
  const { data } = useMe();
  return <LangProvider fallback={data?.lang}>{children}</LangProvider>;
}

function AppHeader() {
  const tr = useT();
  const { data: me } = useMe();
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__logo" aria-hidden="true">
          <ReceiptIcon />
        </span>
        <div>
          <div className="app-header__name">{tr("app.name")}</div>
          {me && <div className="app-header__portal">{me.portal.domain}</div>}
        </div>
      </div>
      {me && <AppNav me={me} />}
      <div className="app-header__user">
        {me && <span>{me.user.name}</span>}
        <LangSwitch />
      </div>
    </header>
  );
}

function ReceiptIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 18 18" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round">
      <path d="M4 2h10v14l-2-1.3-1.7 1.3L9 14.7 7.7 16 6 14.7 4 16V2z" />
      <path d="M6.5 6h5M6.5 9h5M6.5 12h3" strokeLinecap="round" />
    </svg>
  );
}
