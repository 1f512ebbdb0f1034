import { excerptOf, readingTimeOf } from './derive-text';
import { renderMarkdown } from './render-markdown';

export { excerptOf, readingTimeOf, renderMarkdown };

export interface PostContent {
  html: string;
  bodyText: string;
  excerpt: string;
  readingTimeMinutes: number;
}

/** Everything derived from a post's markdown, computed once when the post is written. */
export function deriveContent(markdown: string): PostContent {
  const { html, text } = renderMarkdown(markdown);
  return { html, bodyText: text, excerpt: excerptOf(text), readingTimeMinutes: readingTimeOf(text) };
}
