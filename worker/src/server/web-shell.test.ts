import { describe, expect, it } from 'vitest';
import { webShell } from './web-shell';

const site = { origin: 'https://blog.example', name: 'Hill & Dale', description: 'Walks.' };

describe('webShell', () => {
  it('puts the site head where the build’s was, keeping everything else of the page', () => {
    const built =
      '<html><head><meta charset="utf-8"><meta name="description" content="old"><meta name="application-name" content="Edgepress"><title>Edgepress</title><link rel="alternate" type="application/atom+xml" title="Edgepress" href="/api/atom/posts" /><script type="module" src="/assets/a.js"></script></head><body><div id="root"></div></body></html>';
    const html = webShell(built)?.render(undefined, site) ?? '';
    expect(html).toContain('<title>Hill &amp; Dale</title>');
    expect(html.match(/name="description"/g)).toHaveLength(1);
    expect(html.match(/name="application-name"/g)).toHaveLength(1);
    expect(html.match(/href="\/api\/atom\/posts"/g)).toHaveLength(1);
    expect(html).not.toContain('Edgepress');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<script type="module" src="/assets/a.js"></script></head><body><div id="root"></div>');
  });

  it('copes with a build from before the site head had all its tags', () => {
    const older = '<head><meta name="description" content="old" />\n<title>Edgepress</title></head>';
    expect(webShell(older)?.render(undefined, site)).toContain(
      '<meta name="application-name" content="Hill &amp; Dale" />',
    );
  });

  it('has nothing to offer for a page without a title', () => {
    expect(webShell('<head></head><body></body>')).toBeUndefined();
  });
});
