import { describe, expect, it } from 'vitest';
import { deriveContent } from '.';

const fence = (language: string, code: string) => `Before.\n\n\`\`\`${language}\n${code}\n\`\`\`\n\nAfter.`;

describe('code blocks', () => {
  it('are coloured when rendered, for a language the highlighter knows, the code text unchanged', () => {
    const code = "export function greet(name: string): string {\n  return 'Hello, ' + name; // greeting\n}";
    const { html, bodyText } = deriveContent(fence('ts', code));
    expect(html).toContain('<code class="language-ts">');
    expect(html).toContain('<span class="hljs-keyword">export</span>');
    expect(html).toContain('<span class="hljs-string">\'Hello, \'</span>');
    expect(html).toContain('<span class="hljs-comment">// greeting</span>');
    expect(bodyText).toContain(code);
  });

  it('know the usual names of their languages', () => {
    const samples: Record<string, string> = {
      js: 'const a = "x";',
      typescript: 'let a: number = 1;',
      sh: 'echo "$HOME"',
      bash: 'if true; then echo 1; fi',
      html: '<p class="x">hi</p>',
      json: '{"a": 1}',
      py: 'def f(): return None',
      sql: "SELECT * FROM posts WHERE slug = 'x';",
      yml: 'key: "value"',
      rs: 'fn main() { let x = 1; }',
      go: 'func main() { return }',
      css: '.a { color: red; }',
      diff: '+ added line',
      java: 'public class A {}',
    };
    for (const [language, code] of Object.entries(samples)) {
      expect(deriveContent(fence(language, code)).html, language).toContain('<span class="hljs-');
    }
  });

  it('stay plain without a language or with one the highlighter does not know', () => {
    for (const markdown of [fence('', 'const x = 1;'), fence('brainfuck', 'const x = 1;')]) {
      const { html } = deriveContent(markdown);
      expect(html).toContain('const x = 1;');
      expect(html).not.toContain('hljs');
    }
  });

  it('keep markup in code as text: nothing a writer puts in a block becomes an element', () => {
    const { html } = deriveContent(fence('html', '<script>alert(1)</script><img src=x onerror=alert(2)>'));
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&#x3C;');
    expect(html).toContain('<span class="hljs-name">script</span>');
  });

  it('leave the excerpt: lists, heads and feeds show the prose around them', () => {
    const markdown = [
      '```ts',
      'const secret = 42;',
      '```',
      '',
      'The **first** sentence of prose, with `inline code` and a [link](https://example.com).',
      '',
      '    indented code block',
      '',
      '## A heading',
      '',
      '> A quote.',
    ].join('\n');
    const { excerpt, bodyText } = deriveContent(markdown);
    expect(excerpt).toBe('The first sentence of prose, with inline code and a link. A heading A quote.');
    expect(excerpt).not.toMatch(/[*#>`[\]]|secret|indented/);
    // Search still finds the code.
    expect(bodyText).toContain('const secret = 42;');
  });
});
