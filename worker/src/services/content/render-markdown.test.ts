import { describe, expect, it } from 'vitest';
import { deriveContent, excerptOf, readingTimeOf } from '.';
import { renderMarkdown, renderThroughPipeline } from './render-markdown';

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

describe('renderMarkdown', () => {
  // A small deterministic generator: the same cases on every run, thousands of them.
  function* samples(count: number) {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const pieces = [
      'word',
      'Hello',
      '3.14',
      '1.',
      ' ',
      '  ',
      ',',
      '.',
      ';',
      ':',
      '?',
      '!',
      "'",
      '"',
      '-',
      '--',
      'www.',
      'http://x.io',
      'mailto:a',
      '*',
      '_',
      '#',
      '>',
      '<',
      '&',
      '`',
      '\n',
      '\t',
      '    ',
      'A',
    ];
    for (let i = 0; i < count; i++) {
      let text = '';
      const length = 1 + (next() % 8);
      for (let j = 0; j < length; j++) text += pieces[next() % pieces.length];
      yield text;
    }
  }

  it('answers every source exactly as the full pipeline does, plain one-liners included', () => {
    let shortcuts = 0;
    for (const source of samples(3000)) {
      const expected = renderThroughPipeline(source);
      expect(renderMarkdown(source), JSON.stringify(source)).toEqual(expected);
      if (/^[A-Za-z][\w ,.;:?!'"-]*$/.test(source) && source === source.trim()) shortcuts += 1;
    }
    // The generator must reach the shortcut often enough for the comparison to mean something.
    expect(shortcuts).toBeGreaterThan(200);
  });
});
