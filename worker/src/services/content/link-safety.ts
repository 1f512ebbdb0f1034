import type { Element, Root, RootContent } from 'hast';

const absoluteHttp = /^https?:\/\//i;
const ownMedia = /^\/media\/[A-Za-z0-9._-]+$/;

function safeImageSource(src: unknown): boolean {
  return typeof src === 'string' && (absoluteHttp.test(src) || ownMedia.test(src));
}

function harden(node: Element): boolean {
  if (node.tagName === 'a' && typeof node.properties.href === 'string' && absoluteHttp.test(node.properties.href)) {
    // Readers' trust must not pass to outside links, and an opened tab must not reach back to us.
    node.properties.rel = ['nofollow', 'noopener', 'noreferrer'];
  }
  if (node.tagName === 'img') {
    if (!safeImageSource(node.properties.src)) return false;
    node.properties.loading = 'lazy';
  }
  return true;
}

function walk(children: RootContent[]): RootContent[] {
  return children.filter((child) => {
    if (child.type !== 'element') return true;
    if (!harden(child)) return false;
    child.children = walk(child.children) as Element['children'];
    return true;
  });
}

/**
 * Runs after the sanitizer: images only from http(s) or this site's `/media/` (the sanitizer lets
 * any relative URL through, including `//host/x`), and outside links get `rel` safety.
 */
export function rehypeLinkSafety() {
  return (tree: Root) => {
    tree.children = walk(tree.children);
  };
}
