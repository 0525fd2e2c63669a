import type { ReactNode } from "react";

type CardProps = {
  title?: ReactNode;
  description?: ReactNode;
  /** Rendered on the right side of the header (buttons, badges). */
  actions?: ReactNode;
  footer?: ReactNode;
  /** Set false when the children bring their own padding (lists, form sections). */
  padded?: boolean;
  as?: "section" | "div";
  className?: string;
  children?: ReactNode;
};

export function Card({ title, description, actions, footer, padded = true, as = "section", className, children }: CardProps) {
  const Tag = as;
  const hasHead = title !== undefined || actions !== undefined;
  return (
    <Tag className={className ? `card ${className}` : "card"}>
      {hasHead && (
        <div className="card__head">
          <div>
            {title !== undefined && <h2>{title}</h2>}
            {description !== undefined && <p>{description}</p>}
          </div>
          {actions}
        </div>
      )}
      {padded ? <div className="card__body">{children}</div> : children}
      {footer !== undefined && <div className="card__foot">{footer}</div>}
    </Tag>
  );
}
