import { useDeferredValue, useMemo } from 'react';
import { renderMarkdown } from '#worker/services/content/render-markdown';

/** The server's own renderer and sanitizer, so the preview shows exactly what readers will get. */
export function MarkdownPreview({ source }: { source: string }) {
  const deferred = useDeferredValue(source);
  const html = useMemo(() => renderMarkdown(deferred).html, [deferred]);
  return (
    <section className="preview prose" aria-label="Preview">
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by the server's markdown pipeline */}
      <div dangerouslySetInnerHTML={{ __html: html || '<p class="muted">Nothing to preview yet.</p>' }} />
    </section>
  );
}
