import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { media } from '#db/schema';
import type { Database } from '#db/types';
import { postsAppOn } from '#test/app-under-test';
import { testConfig } from '#test/deps';
import { type CreatedUser, createUser } from '#test/factories';
import { contractEngines } from '#test/postgres';
import type { Answerer } from '#test/requests';
import { appendedHtml, buildPng, fixture, notImages, withTrailer } from '#worker/services/media/fixtures/build-images';

const uploadMaxBytes = 64 * 1024;
const config = { ...testConfig, uploadMaxBytes };
const engines = await contractEngines();

const latin1 = (bytes: Uint8Array | ArrayBuffer) => new TextDecoder('latin1').decode(bytes);

describe.each(engines)('media on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let db: Database;
    let close: () => Promise<void>;
    let app: Answerer;
    let user: CreatedUser;

    beforeAll(async () => {
      const opened = await engine.open({ config });
      ({ db, close } = opened);
      app = (await postsAppOn(opened, { config })).app;
      user = await createUser(db);
    });
    afterAll(() => close());

    function upload(bytes: Uint8Array, name = 'upload.bin', type = 'application/octet-stream', headers = user.headers) {
      const form = new FormData();
      form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
      return app.request('/api/media', { method: 'POST', body: form, headers });
    }

    async function uploaded(bytes: Uint8Array, name?: string, type?: string) {
      const res = await upload(bytes, name, type);
      expect(res.status).toBe(201);
      const body = await res.json();
      const served = await app.request(body.media.url);
      expect(served.status).toBe(200);
      return { media: body.media, served, stored: new Uint8Array(await served.arrayBuffer()) };
    }

    describe('POST /api/media', () => {
      it.each([
        ['exif-gps.jpg', 'image/jpeg', 'jpg'],
        ['text-chunks.png', 'image/png', 'png'],
        ['lossless.webp', 'image/webp', 'webp'],
        ['comment-xmp.gif', 'image/gif', 'gif'],
        ['exif-xmp.avif', 'image/avif', 'avif'],
      ])('stores %s as %s under its content hash and records it', async (name, contentType, ext) => {
        const { media: created, stored } = await uploaded(fixture(name), 'photo.bin', 'text/plain');
        expect(created).toEqual({
          id: expect.any(String),
          url: expect.stringMatching(new RegExp(`^/media/[0-9a-f]{64}\\.${ext}$`)),
          contentType,
          size: stored.length,
          width: 3,
          height: 2,
          variants: [],
        });
        const [row] = await db.select().from(media).where(eq(media.id, created.id));
        expect(row).toMatchObject({ ownerId: user.user.id, contentType, size: stored.length, width: 3, height: 2 });
        const digest = Buffer.from(await crypto.subtle.digest('SHA-256', stored)).toString('hex');
        expect(created.url).toBe(`/media/${digest}.${ext}`);
      });

      it('removes EXIF with GPS, XMP, IPTC and comments from a JPEG before storing it', async () => {
        expect(latin1(fixture('exif-gps.jpg'))).toContain('Exif\0\0');
        const { stored } = await uploaded(fixture('exif-gps.jpg'));
        for (const secret of [
          'Exif',
          'MM\0*',
          'Jane Secret',
          'SecretCam',
          'private comment',
          'x:xmpmeta',
          'Photoshop',
        ]) {
          expect(latin1(stored)).not.toContain(secret);
        }
      });

      it('removes tEXt, iTXt and eXIf chunks from a PNG before storing it', async () => {
        const { stored } = await uploaded(fixture('text-chunks.png'));
        for (const secret of ['tEXt', 'iTXt', 'eXIf', 'Jane Secret', 'private comment']) {
          expect(latin1(stored)).not.toContain(secret);
        }
      });

      it('stores the same bytes once and answers with the same media', async () => {
        const first = await (await upload(fixture('lossless.webp'))).json();
        const second = await (await upload(fixture('lossless.webp'))).json();
        expect(second.media).toEqual(first.media);
      });

      it('answers 401 to an anonymous upload', async () => {
        const res = await upload(fixture('lossless.webp'), 'a.webp', 'image/webp', {});
        expect(res.status).toBe(401);
      });

      it.each([
        ['an SVG with script', notImages.svgWithScript, 'cat.svg', 'image/svg+xml'],
        ['an ELF executable named .png', notImages.elf, 'cat.png', 'image/png'],
        ['a PE executable named .png', notImages.pe, 'cat.png', 'image/png'],
        ['an HTML page named .jpg', notImages.html, 'cat.jpg', 'image/jpeg'],
        ['a GIF header that is really a script', notImages.gifScript, 'cat.gif', 'image/gif'],
      ])('refuses %s with 415', async (_what, bytes, name, type) => {
        const res = await upload(bytes, name, type);
        expect(res.status).toBe(415);
        expect((await res.json()).error.code).toBe('unsupported_media_type');
      });

      it.each([
        ['JPEG', 'exif-gps.jpg'],
        ['GIF', 'comment-xmp.gif'],
        ['PNG', 'text-chunks.png'],
      ])('keeps a %s with HTML appended but stores only the image part', async (_format, name) => {
        const { stored, served } = await uploaded(withTrailer(fixture(name), appendedHtml));
        expect(latin1(stored)).not.toContain('<script');
        expect(served.headers.get('content-type')).toMatch(/^image\//);
        expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      });

      it.each([
        ['just over UPLOAD_MAX_BYTES', 1],
        ['far over UPLOAD_MAX_BYTES', 1024 * 1024],
      ])('answers 413 to a file %s', async (_what, excess) => {
        const res = await upload(withTrailer(fixture('exif-gps.jpg'), new Uint8Array(uploadMaxBytes + excess)));
        expect(res.status).toBe(413);
        expect((await res.json()).error.code).toBe('payload_too_large');
      });

      it('answers 413 to a declared Content-Length over the limit without reading the body', async () => {
        const res = await app.request('/api/media', {
          method: 'POST',
          headers: {
            ...user.headers,
            'Content-Type': 'multipart/form-data; boundary=x',
            'Content-Length': '999999999',
          },
          body: 'x',
        });
        expect(res.status).toBe(413);
      });

      it('stops reading an endless upload at the limit', async () => {
        let sent = 0;
        const endless = new ReadableStream<Uint8Array>({
          pull(controller) {
            sent += 16 * 1024;
            controller.enqueue(new Uint8Array(16 * 1024));
          },
        });
        const res = await app.request('/api/media', {
          method: 'POST',
          headers: { ...user.headers, 'Content-Type': 'multipart/form-data; boundary=x' },
          body: endless,
          duplex: 'half',
        } as RequestInit);
        expect(res.status).toBe(413);
        expect(sent).toBeLessThan(uploadMaxBytes + 256 * 1024);
      });

      it('answers 422 to a pixel flood: a tiny PNG declaring 50000×50000', async () => {
        const flood = buildPng(50_000, 50_000, { rows: 1 });
        expect(flood.length).toBeLessThan(2048);
        const res = await upload(flood, 'flood.png', 'image/png');
        expect(res.status).toBe(422);
        const { error } = await res.json();
        expect(error.code).toBe('validation_failed');
        expect(error.details.file[0]).toContain('50000×50000');
      });

      it('answers 422 when the form has no file', async () => {
        const form = new FormData();
        form.append('file', 'just text');
        const res = await app.request('/api/media', { method: 'POST', body: form, headers: user.headers });
        expect(res.status).toBe(422);
        expect((await res.json()).error.details).toHaveProperty('file');
      });

      it('answers 422 naming the file field when the multipart body is malformed', async () => {
        const res = await app.request('/api/media', {
          method: 'POST',
          headers: { ...user.headers, 'Content-Type': 'multipart/form-data; boundary=abc' },
          body: '--abc\r\nContent-Disposition: form-data; name="file"\r\n\r\nno closing boundary',
        });
        expect(res.status).toBe(422);
        expect((await res.json()).error.details).toHaveProperty('file');
      });

      it('answers 415 to a body that is not multipart', async () => {
        const res = await app.request('/api/media', {
          method: 'POST',
          headers: { ...user.headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ file: 'x' }),
        });
        expect(res.status).toBe(415);
      });
    });

    describe('GET /media/:key', () => {
      it('serves the bytes with their type, nosniff, a locked-down CSP and immutable caching', async () => {
        const { served, media: created } = await uploaded(fixture('text-chunks.png'));
        expect(served.headers.get('content-type')).toBe('image/png');
        expect(served.headers.get('x-content-type-options')).toBe('nosniff');
        expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
        expect(served.headers.get('content-disposition')).toMatch(/^inline/);
        const etag = served.headers.get('etag');
        expect(etag).toBe(`"${created.url.slice('/media/'.length).split('.')[0]}"`);
        const again = await app.request(created.url, { headers: { 'If-None-Match': etag ?? '' } });
        expect(again.status).toBe(304);
        expect(again.headers.get('cache-control')).toContain('immutable');
      });

      it.each([
        '/media/nope.png',
        `/media/${'0'.repeat(64)}.png`,
        '/media/..%2F..%2Fetc%2Fpasswd',
        `/media/${'a'.repeat(64)}.svg`,
      ])('answers 404 for %s', async (path) => {
        const res = await app.request(path);
        expect(res.status).toBe(404);
      });
    });
  });
});
