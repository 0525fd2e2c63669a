"use client";

import { ApiError } from "@/lib/client/api";
import type { MessageKey } from "@/lib/i18n";
import { Button } from "./button";
import { useT, type Translate } from "./lang-provider";
import { Notice } from "./notice";

/** Human text for any error thrown by apiFetch; the server's Russian message wins where it is specific. */
export function describeApiError(error: unknown, tr: Translate): string {
  if (!(error instanceof ApiError)) return tr("error.server");
  const generic: Partial<Record<number, MessageKey>> = { 0: "error.network", 401: "error.sessionExpired" };
  const key = generic[error.status];
  if (key) return tr(key);
  if (error.status >= 500) return tr("error.server");
  if (error.message && !error.code.startsWith("http_")) return error.message;
  if (error.status === 403) return tr("error.forbidden");
  if (error.status === 404) return tr("error.notFound");
  return tr("error.server");
}

type ApiErrorNoticeProps = {
  error: unknown;
  title?: string;
  onRetry?: () => void;
};

export function ApiErrorNotice({ error, title, onRetry }: ApiErrorNoticeProps) {
  const tr = useT();
  const isSession = error instanceof ApiError && error.status === 401;
  // Retrying cannot fix an expired session: the token comes only from reopening the app in Bitrix24.
  const canRetry = onRetry && !isSession;
  return (
    <Notice
      tone={isSession ? "warning" : "alert"}
      title={isSession ? undefined : title}
      actions={
        canRetry ? (
          <Button size="sm" onClick={onRetry}>
            {tr("common.retry")}
          </Button>
        ) : undefined
      }
    >
      {describeApiError(error, tr)}
    </Notice>
  );
}
