"use client";

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { B24Frame } from "@bitrix24/b24jssdk";

const FrameContext = createContext<B24Frame | null>(null);

/** The Bitrix24 frame SDK, or null outside Bitrix24 and until it has initialised. */
export function useBitrixFrame(): B24Frame | null {
  return useContext(FrameContext);
}

/**
 * Bitrix24 opens app pages in an iframe whose window.name is "DOMAIN|PROTOCOL|APP_SID"
 * (the same check initializeB24Frame makes). Anything else — a plain tab, a preview — is "outside".
 */
export function isInsideBitrix24(): boolean {
  if (typeof window === "undefined" || window.parent === window) return false;
  const [domain, , appSid] = window.name.split("|");
  return Boolean(domain && appSid);
}

/**
 * Brings the top of the app into view after a view switch. Inside Bitrix24 the iframe is as tall as its
 * content, so it is the portal page that scrolls, not our window.
 */
export function useScrollToTop(): () => void {
  const frame = useBitrixFrame();
  return useCallback(() => {
    window.scrollTo({ top: 0 });
    frame?.parent.scrollParentWindow(0).catch(() => undefined);
  }, [frame]);
}

type Sdk = typeof import("@bitrix24/b24jssdk");

export function BitrixFrameProvider({ children }: { children: ReactNode }) {
  const [frame, setFrame] = useState<B24Frame | null>(null);

  useEffect(() => {
    if (!isInsideBitrix24()) return;
    let cancelled = false;
    let stopResizing: (() => void) | undefined;

    // Dynamic import: the SDK is ~68 KB gzip and only useful inside Bitrix24.
    import("@bitrix24/b24jssdk")
      .then(async (sdk) => {
        const b24 = await sdk.initializeB24Frame();
        if (cancelled) return;
        setFrame(b24);
        stopResizing = keepFrameFitted(sdk, b24);
      })
      .catch((error: unknown) => {
        // Outside a real portal (or if the parent never answers) the app still works as a plain page.
        console.warn("[bitrix-frame] Bitrix24 SDK did not initialise", error);
      });

    // No frame.destroy(): initializeB24Frame hands out one shared instance per page, and destroying it
    // on a StrictMode re-mount or a layout change would leave every later caller with a dead frame.
    return () => {
      cancelled = true;
      stopResizing?.();
    };
  }, []);

  return <FrameContext.Provider value={frame}>{children}</FrameContext.Provider>;
}

/**
 * Resizes the iframe to the content after every layout change so Bitrix24 never shows frame scrollbars.
 * Sends the same `resizeWindow` command as parent.fitWindow() (width "100%") but measures document.body
 * instead of documentElement: documentElement.scrollHeight is never below the current frame height, so
 * fitWindow() can grow the frame but never shrink it when a form closes.
 */
function keepFrameFitted(sdk: Sdk, frame: B24Frame): () => void {
  let lastHeight = 0;
  let scheduled = 0;

  const fit = () => {
    scheduled = 0;
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height <= 0 || height === lastHeight) return;
    lastHeight = height;
    frame.parent.message
      .send(sdk.MessageCommands.resizeWindow, { width: "100%", height, isSafely: true })
      .catch(() => frame.parent.fitWindow().catch(() => undefined));
  };
  const schedule = () => {
    if (!scheduled) scheduled = window.requestAnimationFrame(fit);
  };

  const observer = new ResizeObserver(schedule);
  observer.observe(document.body);
  schedule();
  return () => {
    observer.disconnect();
    if (scheduled) window.cancelAnimationFrame(scheduled);
  };
}
