import type { HTMLAttributes } from 'react';

/** A polite live region. A div with role="status" is announced more reliably than <output>. */
export function Status(props: HTMLAttributes<HTMLDivElement>) {
  // biome-ignore lint/a11y/useSemanticElements: see above
  return <div role="status" {...props} />;
}
