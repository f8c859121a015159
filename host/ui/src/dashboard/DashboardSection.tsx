// One block of the dashboard: a heading that names its region (so a screen reader can jump to
// "Mensagens por canal"), an optional line saying what is measured, and its table, or the
// Portuguese sentence for an empty period instead of an empty table.
import type { ReactNode } from "react";
import { EmptyState } from "../ui/States";

interface Props {
  id: string;
  title: string;
  text?: string;
  /** Shown instead of the children when there is nothing to list. */
  empty: string | null;
  children: ReactNode;
}

export function DashboardSection({ id, title, text, empty, children }: Props) {
  const headingId = `dashboard-${id}`;
  return (
    <section className="dashboard-section" aria-labelledby={headingId} data-testid={`section-${id}`}>
      <h2 id={headingId}>{title}</h2>
      {text && <p className="muted dashboard-section-text">{text}</p>}
      {empty !== null ? <EmptyState title={empty} /> : children}
    </section>
  );
}
