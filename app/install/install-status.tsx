"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { BitrixFrameProvider, useBitrixFrame } from "@/app/_components/bitrix-frame";
import { Card } from "@/app/_components/card";
import { LangProvider, useT } from "@/app/_components/lang-provider";
import { Notice } from "@/app/_components/notice";
import { Spinner } from "@/app/_components/spinner";
import { langFromBitrix } from "@/lib/i18n/core";

export type InstallOutcome = "ok" | "error" | "unknown";

type InstallStatusProps = { outcome: InstallOutcome; message: string | null };

export function InstallStatus(props: InstallStatusProps) {
  return (
    <BitrixFrameProvider>
      <FrameLang>
        <InstallCard {...props} />
      </FrameLang>
    </BitrixFrameProvider>
  );
}

// There is no session on this page, so the portal language comes from the frame itself.
function FrameLang({ children }: { children: ReactNode }) {
  const frame = useBitrixFrame();
  return <LangProvider fallback={frame ? langFromBitrix(frame.getLang()) : null}>{children}</LangProvider>;
}

type FinishState = "idle" | "pending" | "done" | "failed";

function InstallCard({ outcome, message }: InstallStatusProps) {
  const tr = useT();
  const frame = useBitrixFrame();
  const finishState = useInstallFinish(outcome === "ok");

  if (outcome === "error") {
    return (
      <Card as="div">
        <div className="stack">
          <h1>{tr("install.errorTitle")}</h1>
          <Notice tone="alert">{message || tr("install.errorDefault")}</Notice>
          <h2>{tr("install.errorRetry")}</h2>
          <p>{tr("install.errorAdvice")}</p>
        </div>
      </Card>
    );
  }

  if (outcome === "unknown") {
    return (
      <Card as="div">
        <div className="stack">
          <h1>{tr("install.unknownTitle")}</h1>
          <p>{tr("install.unknownText")}</p>
        </div>
      </Card>
    );
  }

  return (
    <Card as="div">
      <div className="stack">
        <h1>{tr("install.okTitle")}</h1>
        <p>{tr("install.okText")}</p>
        <ol>
          <li>{tr("install.step1")}</li>
          <li>{tr("install.step2")}</li>
          <li>{tr("install.step3")}</li>
        </ol>
        {finishState === "pending" && (
          <p className="row muted">
            <Spinner size={14} />
            {tr("install.finishing")}
          </p>
        )}
        {finishState === "failed" && <Notice tone="warning">{tr("install.finishFailed")}</Notice>}
        {!frame && finishState === "idle" && <p className="muted">{tr("install.outside")}</p>}
      </div>
    </Card>
  );
}

/**
 * Tells Bitrix24 the install is complete — once, and only inside Bitrix24 and only in install mode
 * (installFinish rejects when the app was already installed, e.g. when this page is reloaded).
 * Bitrix24 usually reloads the frame into the app right after, so the promise may never settle.
 */
function useInstallFinish(enabled: boolean): FinishState {
  const frame = useBitrixFrame();
  const [state, setState] = useState<FinishState>("idle");
  const called = useRef(false);

  useEffect(() => {
    if (!enabled || !frame || called.current || !frame.isInstallMode) return;
    called.current = true;
    setState("pending");
    frame.installFinish().then(
      () => setState("done"),
      (error: unknown) => {
        console.warn("[install] installFinish failed", error);
        setState("failed");
      },
    );
  }, [enabled, frame]);

  return state;
}
