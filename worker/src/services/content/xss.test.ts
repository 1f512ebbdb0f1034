// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { xssPayloads } from '#test/xss-corpus';
import { deriveContent } from '.';

// `span` holds the server's syntax colours (a class, nothing else).
const allowedElements = new Set(
  'a b blockquote br code dd del div dl dt em h1 h2 h3 h4 h5 h6 hr i img input ins kbd li ol p pre q s section span strike strong sub sup table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
const urlAttributes = ['href', 'src', 'cite', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data'];

/** Parses the html as a browser would (jsdom's parse5) and lists everything in it that could run or phone out. */
function liveMarkupIn(html: string): string[] {
  const found: string[] = [];
  const document = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  for (const element of Array.from(document.body.querySelectorAll('*'))) {
    const tag = element.tagName.toLowerCase();
    if (!allowedElements.has(tag)) found.push(`<${tag}>`);
    for (const { name, value } of Array.from(element.attributes as ArrayLike<Attr>)) {
      if (name.startsWith('on') || name === 'style' || name === 'target') found.push(`${tag}[${name}]`);
      if (!urlAttributes.includes(name)) continue;
      const url = value.trim().toLowerCase();
      const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url)?.[1];
      if (scheme && !['http', 'https', 'mailto'].includes(scheme)) found.push(`${tag}[${name}=${value}]`);
      if (tag === 'img' && !/^(https?:\/\/|\/media\/)/.test(url)) found.push(`img[src=${value}]`);
    }
  }
  return found;
}

describe('the markdown pipeline against an XSS corpus', () => {
  it(`has a corpus of ${xssPayloads.length} payloads`, () => {
    expect(xssPayloads.length).toBeGreaterThanOrEqual(70);
  });

  it('has a detector that does see live markup', () => {
    expect(liveMarkupIn('<img src=x onerror=alert(1)><a href=" JavaScript:x">a</a><svg></svg>')).toEqual([
      'img[src=x]',
      'img[onerror]',
      'a[href= JavaScript:x]',
      '<svg>',
    ]);
  });

  it.each(xssPayloads.map((payload) => [payload]))('stores no live markup for %j', (payload) => {
    expect(liveMarkupIn(deriveContent(payload).html)).toEqual([]);
  });

  it('also holds when every payload is in one document', () => {
    expect(liveMarkupIn(deriveContent(xssPayloads.join('\n\n')).html)).toEqual([]);
  });

  it('keeps safe markdown working: links, images, code, tables, task lists', () => {
    const { html } = deriveContent(
      '[ok](https://ok.example) [mail](mailto:me@ok.example) [rel](/p/other) ![up](/media/k.png) ![web](https://img.example/a.png)\n\n`<b>`\n\n| a |\n|---|\n| b |\n\n- [x] done',
    );
    expect(html).toContain('<a href="https://ok.example" rel="nofollow noopener noreferrer">ok</a>');
    expect(html).toContain('<a href="mailto:me@ok.example">mail</a>');
    expect(html).toContain('<a href="/p/other">rel</a>');
    expect(html).toContain('<img src="/media/k.png" alt="up" loading="lazy">');
    expect(html).toContain('<img src="https://img.example/a.png" alt="web" loading="lazy">');
    expect(html).toContain('<code>&#x3C;b></code>');
    expect(html).toContain('<table>');
    expect(html).toContain('<input type="checkbox" checked disabled>');
  });
});
