import { beforeAll, describe, expect, inject, it } from 'vitest';
import orientation5 from '#worker/services/media/fixtures/orientation-5.jpg?inline';
import orientation6 from '#worker/services/media/fixtures/orientation-6.jpg?inline';
import { bearer, call, type ErrorBody, register } from './worker-client';

const available = inject('databaseUrl') !== '';

const bytesOf = (dataUrl: string) =>
  Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (char) => char.charCodeAt(0));

interface Variant {
  url: string;
  width: number;
  height: number;
  type: string;
}

/** Width and height from a lossy WebP's VP8 frame header (or VP8X canvas), read in workerd without a decoder. */
function webpSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const fourcc = new TextDecoder().decode(bytes.subarray(12, 16));
  if (fourcc === 'VP8X') {
    const u24 = (at: number) => view.getUint16(at, true) + (bytes[at + 2] ?? 0) * 0x10000;
    return { width: u24(24) + 1, height: u24(27) + 1 };
  }
  return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
}

describe.skipIf(!available)('responsive variants inside workerd (Images binding)', () => {
  let token: string;

  beforeAll(async () => {
    await call('/api/health');
    token = (await register('variants')).accessToken;
  }, 120_000);

  const upload = (bytes: Uint8Array) => {
    const form = new FormData();
    form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'photo.jpg', { type: 'image/jpeg' }));
    return call('/api/media', { method: 'POST', body: form, headers: bearer(token) });
  };

  it('turns an orientation-6 phone photo upright into 480 px and full-width WebP variants', async () => {
    // Workers' clocks move only across I/O; the binding calls and database writes are I/O.
    const started = Date.now();
    const res = await upload(bytesOf(orientation6));
    console.log(`workerd: 1000×600 JPEG upload with 2 variants took ${Date.now() - started} ms`);
    expect(res.status).toBe(201);
    const { media } = await res.json<{ media: { width: number; height: number; variants: Variant[] } }>();
    // The original is stored as the camera wrote it (1000×600); pages see it upright (600×1000).
    expect(media).toMatchObject({ width: 1000, height: 600 });
    expect(media.variants).toEqual([
      { url: expect.stringMatching(/^\/media\/[0-9a-f]{64}\.webp$/), width: 480, height: 800, type: 'image/webp' },
      { url: expect.stringMatching(/^\/media\/[0-9a-f]{64}\.webp$/), width: 600, height: 1000, type: 'image/webp' },
    ]);
    for (const variant of media.variants) {
      const served = await call(variant.url);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(webpSize(new Uint8Array(await served.arrayBuffer()))).toEqual({
        width: variant.width,
        height: variant.height,
      });
    }
  });

  it('gives a mirrored (orientation 5) photo upright proportions as well', async () => {
    const res = await upload(bytesOf(orientation5));
    const { media } = await res.json<{ media: { variants: Variant[] } }>();
    expect(media.variants.map(({ width, height }) => [width, height])).toEqual([
      [480, 800],
      [600, 1000],
    ]);
  });

  it('refuses a PNG that would inflate to 6000×6000 from a few kilobytes, before decoding', async () => {
    const ihdr = new Uint8Array(13);
    new DataView(ihdr.buffer).setUint32(0, 6000);
    new DataView(ihdr.buffer).setUint32(4, 6000);
    ihdr.set([8, 0, 0, 0, 0], 8);
    const res = await upload(await pngDeclaring(ihdr));
    expect(res.status).toBe(422);
    expect((await res.json<ErrorBody>()).error.details?.file).toEqual([expect.stringContaining('6000×6000')]);
  });
});

/** A structurally valid PNG with the given IHDR and one tiny IDAT: a header that promises far more than it holds. */
async function pngDeclaring(ihdr: Uint8Array): Promise<Uint8Array> {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    let crc = 0xffffffff;
    for (const byte of out.subarray(4, 8 + data.length)) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
    view.setUint32(8 + data.length, (crc ^ 0xffffffff) >>> 0);
    return out;
  };
  const idat = new Uint8Array(
    await new Response(
      new Blob([new Uint8Array(6001)]).stream().pipeThrough(new CompressionStream('deflate')),
    ).arrayBuffer(),
  );
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array()),
  ];
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}
