import type { ReactNode } from "react";

export type NoticeTone = "info" | "success" | "warning" | "alert";

type NoticeProps = {
  tone?: NoticeTone;
  title?: ReactNode;
  actions?: ReactNode;
  compact?: boolean;
  children?: ReactNode;
};

const icons: Record<NoticeTone, ReactNode> = {
  info: <path d="M9 8v5M9 5.2v.1" />,
  success: <path d="M5.5 9.2l2.3 2.3 4.7-4.9" />,
  warning: <path d="M9 5.5v4.3M9 12.4v.1" />,
  alert: <path d="M9 5.5v4.3M9 12.4v.1" />,
};

// Errors interrupt (role=alert); everything else is announced politely (role=status).
export function Notice({ tone = "info", title, actions, compact, children }: NoticeProps) {
  const classes = ["notice", tone !== "info" && `notice--${tone}`, compact && "notice--compact"];
  return (
    <div className={classes.filter(Boolean).join(" ")} role={tone === "alert" ? "alert" : "status"}>
      <svg
        className="notice__icon"
        viewBox="0 0 18 18"
        aria-hidden="true"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <circle cx="9" cy="9" r="7.6" />
        {icons[tone]}
      </svg>
      <div className="notice__body">
        {title && <div className="notice__title">{title}</div>}
        {children && <div>{children}</div>}
        {actions && <div className="notice__actions">{actions}</div>}
      </div>
    </div>
  );
}
