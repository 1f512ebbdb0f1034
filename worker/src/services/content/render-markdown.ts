import type { Root } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { StoredImage } from '../media/responsive-image';
import { highlightCode } from './highlight-code';
import { rehypeLinkSafety } from './link-safety';
import { markdownSchema } from './markdown-schema';
import { proseOf } from './prose-text';
import { makeImagesResponsive } from './responsive-images';

export interface RenderedMarkdown {
  /** Sanitized HTML, safe to insert into a page as is. */
  html: string;
  /** The rendered text without markup: for reading time and search. */
  text: string;
  /** The text without code blocks: for excerpts. */
  prose: string;
}

// Private-use characters serve as highlight markers in search snippets, so user text may not carry them.
const highlightMarkers = /[\uE000\uE001]/g;

const toHast = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize, markdownSchema)
  .use(rehypeLinkSafety);

const toHtml = unified().use(rehypeStringify);

// One line of words and plain punctuation, starting with a letter: nothing in it is markdown.
const plainLine = /^[A-Za-z][A-Za-z0-9 ,.;:?!'"-]*$/;
// What GFM would still turn into a link.
const linkLiteral = /www\.|:\/\/|mailto:|xmpp:/i;

/**
 * Most comments are one plain sentence. For those the pipeline's answer is known (a paragraph of
 * the text, nothing to escape), and running it is most of a comment's CPU. render-markdown.test.ts
 * checks this shortcut against the pipeline.
 */
function plainParagraph(source: string): RenderedMarkdown | undefined {
  // Leading spaces can make code and trailing ones a line break: only the exact line qualifies.
  if (source !== source.trim() || !plainLine.test(source) || linkLiteral.test(source)) return undefined;
  return { html: `<p>${source}</p>`, text: source, prose: source };
}

/** The full pipeline, for any source; `images` are the uploads it may show responsively. */
export function renderThroughPipeline(source: string, images: Map<string, StoredImage> = new Map()): RenderedMarkdown {
  const tree = toHast.runSync(toHast.parse(source.replace(highlightMarkers, ''))) as Root;
  makeImagesResponsive(tree, images);
  highlightCode(tree);
  return { html: toHtml.stringify(tree), text: toText(tree).trim(), prose: proseOf(tree) };
}

/**
 * Markdown (GFM) to sanitized HTML and plain text. Pure and synchronous with no Node APIs, so the
 * API (workerd, Node) and the editor's live preview in the browser render identically.
 */
export function renderMarkdown(source: string, images?: Map<string, StoredImage>): RenderedMarkdown {
  return plainParagraph(source) ?? renderThroughPipeline(source, images);
}
