import type { StoredImage } from '../media/responsive-image';
import { excerptOf, readingTimeOf } from './derive-text';
import { renderMarkdown } from './render-markdown';

export { excerptOf, readingTimeOf, renderMarkdown };

export interface PostContent {
  html: string;
  bodyText: string;
  excerpt: string;
  readingTimeMinutes: number;
}

/**
 * Everything derived from a post's markdown, computed once when the post is written. `images`
 * (the uploads the body shows, see stored-images.ts) get `srcset` and their size in the HTML.
 */
export function deriveContent(markdown: string, images?: Map<string, StoredImage>): PostContent {
  const { html, text, prose } = renderMarkdown(markdown, images);
  return { html, bodyText: text, excerpt: excerptOf(prose), readingTimeMinutes: readingTimeOf(text) };
}
