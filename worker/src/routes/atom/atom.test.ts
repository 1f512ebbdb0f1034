import { JSDOM } from 'jsdom';
import { expect, it } from 'vitest';
import { describeOnEngines } from '#test/app-under-test';
import { createTestPost } from '#test/post-factories';
import { atomFeedSize } from '#worker/services/atom/post-feeds';

const atomNs = 'http://www.w3.org/2005/Atom';

/** Parses like a feed reader would: malformed XML throws. */
function parseFeed(xml: string) {
  const doc = new JSDOM(xml, { contentType: 'application/xml' }).window.document;
  const entries = [...doc.getElementsByTagNameNS(atomNs, 'entry')].map((entry) => {
    const text = (name: string) => entry.getElementsByTagNameNS(atomNs, name)[0]?.textContent ?? '';
    return {
      id: text('id'),
      title: text('title'),
      link: entry.getElementsByTagNameNS(atomNs, 'link')[0]?.getAttribute('href'),
      author: text('name'),
      categories: [...entry.getElementsByTagNameNS(atomNs, 'category')].map((c) => c.getAttribute('term')),
      content: text('content'),
    };
  });
  return { doc, entries, title: doc.documentElement.getElementsByTagNameNS(atomNs, 'title')[0]?.textContent };
}

await describeOnEngines('Atom feeds', { author: { displayName: 'Ada Writer' }, other: {} }, (t) => {
  const feed = async (path: string) => {
    const res = await t.req('GET', `/api/atom${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    return parseFeed(await res.text());
  };

  it('lists the site’s live posts newest first, with links, authors, tags and content, never drafts or scheduled ones', async () => {
    const older = await createTestPost(t.app, t.author, { title: 'Older', tags: ['Rust'] });
    const newer = await createTestPost(t.app, t.author, { title: 'Newer', body: 'Hello **world**' });
    const draft = await createTestPost(t.app, t.author, { title: 'Still a draft', status: 'draft' });
    const later = await createTestPost(t.app, t.author, {
      title: 'Not yet',
      status: 'scheduled',
      publishAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const { entries, title } = await feed('/posts');
    expect(title).toBe('Edgepress');
    const ids = entries.map((e) => e.id);
    expect(ids.indexOf(`urn:uuid:${newer.id}`)).toBeLessThan(ids.indexOf(`urn:uuid:${older.id}`));
    expect(ids).not.toContain(`urn:uuid:${draft.id}`);
    expect(ids).not.toContain(`urn:uuid:${later.id}`);
    expect(entries.find((e) => e.id === `urn:uuid:${newer.id}`)).toMatchObject({
      title: 'Newer',
      link: `http://localhost/p/${newer.slug}`,
      author: 'Ada Writer',
      content: newer.html,
    });
    expect(entries.find((e) => e.id === `urn:uuid:${older.id}`)?.categories).toEqual(['Rust']);
  });

  it('keeps what users wrote as text: no markup of theirs becomes an element of the feed', async () => {
    const nasty = '<script>alert(1)</script> & "quotes" ]]> <b>bold</b>';
    const post = await createTestPost(t.app, t.other, {
      title: nasty,
      body: 'Look <img src=x onerror="alert(1)"> <script>alert(2)</script> \u0001\u000b\ufffe control',
      tags: ['C++'],
    });
    const { doc, entries } = await feed(`/users/${t.other.user.username}`);
    for (const name of ['script', 'img', 'svg', 'b']) expect(doc.getElementsByTagName(name)).toHaveLength(0);
    const entry = entries.find((e) => e.id === `urn:uuid:${post.id}`);
    expect(entry?.title).toBe(nasty);
    // All but what XML cannot carry, which goes: the feed stays readable.
    expect(post.html).toContain('\u0001');
    expect(entry?.content).toBe(post.html.replaceAll('\u0001', '').replaceAll('\u000b', '').replaceAll('\ufffe', ''));
    expect(entry?.content).toContain('control');
    expect(entry?.content).not.toMatch(/<script|onerror/i);
  });

  it('gives each author and tag a feed of their own, and 404 for names nobody has', async () => {
    const mine = await createTestPost(t.app, t.author, { title: 'Tagged mine', tags: ['Feeds'] });
    const theirs = await createTestPost(t.app, t.other, { title: 'Tagged theirs', tags: ['Feeds'] });
    const byAuthor = (await feed(`/users/${t.author.user.username}`)).entries.map((e) => e.id);
    expect(byAuthor).toContain(`urn:uuid:${mine.id}`);
    expect(byAuthor).not.toContain(`urn:uuid:${theirs.id}`);
    const byTag = await feed('/tags/feeds');
    expect(byTag.title).toBe('#Feeds on Edgepress');
    expect(byTag.entries.map((e) => e.id)).toEqual([`urn:uuid:${theirs.id}`, `urn:uuid:${mine.id}`]);
    for (const path of ['/users/nobody-here', '/tags/no-such-tag']) {
      const res = await t.req('GET', `/api/atom${path}`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it(`holds the latest ${atomFeedSize} posts, with an ETag that answers 304 when nothing changed`, async () => {
    for (let i = 0; i <= atomFeedSize; i++) await createTestPost(t.app, t.author, { title: `Many ${i}` });
    const res = await t.req('GET', `/api/atom/users/${t.author.user.username}`);
    const { entries } = parseFeed(await res.text());
    expect(entries).toHaveLength(atomFeedSize);
    expect(entries[0]?.title).toBe(`Many ${atomFeedSize}`);
    expect(res.headers.get('cache-control')).toContain('public');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await t.req('GET', `/api/atom/users/${t.author.user.username}`, undefined, undefined, {
      'if-none-match': etag,
    });
    expect(again.status).toBe(304);
  });
});
