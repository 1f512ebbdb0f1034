import { describe, expect, it } from 'vitest';
import { createEdgeCache } from '#worker/adapters/workers/edge-cache';
import { edgeFreshness } from '#worker/cache/public-content';

/**
 * The freshness promise of docs/decisions/0092, with workerd's own Cache API and a clock the test
 * moves: another isolate's write is seen within `versionCheckMs`, and no copy outlives `maxAgeMs`.
 */
function edgeUnderTest(name: string) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  let version = 1;
  let rendered = 0;
  const { serve } = createEdgeCache((caches as unknown as { default: Cache }).default, {
    clock: { now: () => new Date(now) },
    readVersion: async () => version,
    ...edgeFreshness,
  });
  const pending: Promise<unknown>[] = [];
  const page = async () => {
    const response = await serve(
      new Request(`http://edge.test/p/${name}`),
      (work) => pending.push(work),
      async () => {
        rendered += 1;
        return new Response(`render ${rendered} at version ${version}`, {
          headers: { 'Cache-Control': 'public, max-age=0, s-maxage=5', ETag: `"r${rendered}"` },
        });
      },
    );
    await Promise.all(pending);
    return { text: await response.text(), cache: response.headers.get('x-edge-cache') };
  };
  return {
    page,
    advance: (ms: number) => {
      now += ms;
    },
    writeElsewhere: () => {
      version += 1;
    },
  };
}

describe('the edge cache’s freshness promise', () => {
  it('serves a copy until the version check interval passes after a write in another isolate', async () => {
    const edge = edgeUnderTest('freshness-write');
    expect(await edge.page()).toEqual({ text: 'render 1 at version 1', cache: 'MISS' });
    expect(await edge.page()).toEqual({ text: 'render 1 at version 1', cache: 'HIT' });
    edge.writeElsewhere();
    edge.advance(edgeFreshness.versionCheckMs - 1);
    // Within the interval this isolate has not looked again: the promise allows the old page.
    expect((await edge.page()).text).toBe('render 1 at version 1');
    edge.advance(1);
    expect(await edge.page()).toEqual({ text: 'render 2 at version 2', cache: 'MISS' });
    expect(await edge.page()).toEqual({ text: 'render 2 at version 2', cache: 'HIT' });
  });

  it('renders again once a copy reaches its maximum age, even with no write', async () => {
    const edge = edgeUnderTest('freshness-age');
    await edge.page();
    edge.advance(edgeFreshness.maxAgeMs - 1);
    expect((await edge.page()).cache).toBe('HIT');
    edge.advance(1);
    expect(await edge.page()).toEqual({ text: 'render 2 at version 1', cache: 'MISS' });
  });
});
