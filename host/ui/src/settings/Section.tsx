// One titled block of the settings panel, named for screen readers by its heading.
import { useId, type ReactNode } from "react";

export function Section({ title, children, actions, testId }: { title: string; children: ReactNode; actions?: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section className="settings-section" aria-labelledby={id} data-testid={testId}>
      <div className="settings-section-head">
        <h3 id={id}>{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}
