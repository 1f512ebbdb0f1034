import { describe, expect, it } from 'vitest';
import { deriveContent, excerptOf, readingTimeOf } from '.';

describe('deriveContent', () => {
  it('renders GFM to html and keeps the plain text', () => {
    const { html, bodyText } = deriveContent('## Title\n\n~~old~~ **new** www.example.com');
    expect(html).toBe(
      '<h2>Title</h2>\n<p><del>old</del> <strong>new</strong> <a href="http://www.example.com" rel="nofollow noopener noreferrer">www.example.com</a></p>',
    );
    expect(bodyText).toBe('Title\n\nold new www.example.com');
  });

  it('strips the private-use characters that mark search highlights', () => {
    expect(deriveContent('a\uE000b\uE001c').bodyText).toBe('abc');
  });

  it('renders an empty body as empty html with a one-minute reading time', () => {
    expect(deriveContent('')).toEqual({ html: '', bodyText: '', excerpt: '', readingTimeMinutes: 1 });
  });
});

describe('excerptOf', () => {
  it('keeps short text whole and collapses whitespace', () => {
    expect(excerptOf('  one\n\n two  ')).toBe('one two');
  });

  it('cuts long text at a word boundary near 200 characters', () => {
    const excerpt = excerptOf('lorem ipsum '.repeat(40));
    expect(excerpt.length).toBeLessThanOrEqual(201);
    expect(excerpt.length).toBeGreaterThan(150);
    expect(excerpt).toMatch(/(lorem|ipsum)…$/);
  });
});

describe('readingTimeOf', () => {
  it.each([
    [0, 1],
    [220, 1],
    [221, 2],
    [1000, 5],
  ])('%i words read in %i minutes', (words, minutes) => {
    expect(readingTimeOf('word '.repeat(words))).toBe(minutes);
  });
});
