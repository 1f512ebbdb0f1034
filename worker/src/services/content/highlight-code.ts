import type { Element, Root, RootContent } from 'hast';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';

// The languages blog posts mostly show; each grammar costs the Worker bundle a few KiB, so the
// list stays short. Their aliases (ts, js, sh, html, yml, py, rs…) come with them.
const lowlight = createLowlight({
  bash,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  python,
  rust,
  sql,
  typescript,
  xml,
  yaml,
});

const languagePrefix = 'language-';

function languageOf(code: Element): string | undefined {
  const classes = code.properties.className;
  if (!Array.isArray(classes)) return undefined;
  for (const name of classes) {
    if (typeof name !== 'string' || !name.startsWith(languagePrefix)) continue;
    const language = name.slice(languagePrefix.length).toLowerCase();
    if (lowlight.registered(language)) return language;
  }
  return undefined;
}

function codeText(code: Element): string {
  return code.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
}

function visit(children: RootContent[]): void {
  for (const child of children) {
    if (child.type !== 'element') continue;
    const code = child.tagName === 'pre' ? child.children[0] : undefined;
    if (code?.type === 'element' && code.tagName === 'code') {
      const language = languageOf(code);
      if (language) code.children = lowlight.highlight(language, codeText(code)).children as Element['children'];
      continue;
    }
    visit(child.children);
  }
}

/**
 * Colours fenced code blocks that name a known language, once when the markdown is rendered, so
 * readers download no highlighter. Runs after sanitizing: it adds only `<span class="hljs-…">`
 * around the block's own text, which it escapes like any other text node.
 */
export function highlightCode(tree: Root): void {
  visit(tree.children);
}
