// A titled block of the sidebar, labelled by its heading.
import { useId } from 'react';
import type { ReactNode } from 'react';

export function Section({
  title,
  children,
  testId,
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly testId?: string;
}) {
  const headingId = useId();
  return (
    <section className="sidebar-section" aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId} className="fw-type-h6">
        {title}
      </h2>
      {children}
    </section>
  );
}
