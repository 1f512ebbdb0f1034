import type { ReactNode } from 'react';

/** What a mailed link shows when it was used, expired or mangled. */
export function LinkProblem({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="auth-page">
      <h1>{title}</h1>
      <p role="alert">{children}</p>
    </section>
  );
}
