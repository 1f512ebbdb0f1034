import type { Element, Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';

function withoutCode(children: RootContent[]): RootContent[] {
  return children
    .filter((child) => !(child.type === 'element' && child.tagName === 'pre'))
    .map((child) =>
      child.type === 'element' ? { ...child, children: withoutCode(child.children) as Element['children'] } : child,
    );
}

/**
 * The rendered text without its code blocks: what excerpts (and so descriptions in lists, heads,
 * feeds and link previews) are cut from. Inline code stays: it reads as part of a sentence.
 */
export function proseOf(tree: Root): string {
  return toText({ ...tree, children: withoutCode(tree.children) }).trim();
}
