import { describe, expect, it } from 'vitest';
import { renderPostPage, splicePostPage } from './post-page';

const row = (scenario: string, rps: number) => ({ scenario, rps, p50: 1, p99: 2, errors: 0 });

const section = renderPostPage({
  at: new Date('2026-12-04T23:00:00Z'),
  loads: [1.5, 2],
  pageBytes: { html: 14000, gzip: 3100, brotli: 2800 },
  cacheStatuses: ['MISS', 'HIT'],
  rows: [
    row('nginx static', 2000),
    { ...row('Node cached', 1200), target: { text: '≥ 0.5×', met: true } },
    row('HTTPS static', 1000),
    { ...row('micro-cache', 900), baseline: { name: 'HTTPS static', rps: 1000 } },
  ],
  options: {
    load: { durationSeconds: 10, warmupSeconds: 2, connections: 32 },
    turns: { count: 20, seconds: 2 },
    posts: 1000,
  },
});

describe('the post-page section of docs/benchmarks.md', () => {
  it('states each ratio against nginx static, and against its own yardstick where it has one', () => {
    expect(section).toContain('| Node cached | 1200 | 1.00 | 2.00 | 0.600× | ≥ 0.5× ✅ met | 0 |');
    expect(section).toContain('0.450× (0.900× HTTPS static)');
    expect(section).toContain('1.50 / 2.00');
  });

  it('replaces its own section in place, and otherwise goes before the image bytes a whole run keeps', () => {
    const file = '# Benchmarks\n\n<!-- image-bytes -->\nimages\n<!-- /image-bytes -->\n';
    const first = splicePostPage(file, section);
    expect(first.indexOf('<!-- post-page -->')).toBeLessThan(first.indexOf('<!-- image-bytes -->'));
    const again = splicePostPage(first, section.replace('1200', '1300'));
    expect(again.match(/<!-- post-page -->/g)).toHaveLength(1);
    expect(again).toContain('| Node cached | 1300 |');
    expect(again.endsWith('<!-- /image-bytes -->\n')).toBe(true);
  });
});
