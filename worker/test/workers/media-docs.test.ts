import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bearer, call, register } from './worker-client';

const available = inject('databaseUrl') !== '';
const latin1 = (bytes: ArrayBuffer) => new TextDecoder('latin1').decode(bytes);

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A greyscale PNG built with the runtime's own CompressionStream, carrying text and EXIF chunks. */
async function png(width: number, height: number, rows = height): Promise<Uint8Array<ArrayBuffer>> {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = new Uint8Array(rows * (width + 1));
  const idat = new Uint8Array(
    await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer(),
  );
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', new TextEncoder().encode('Author\0Jane Secret')),
    chunk('eXIf', new TextEncoder().encode('MM\0*GPS home')),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array()),
  ];
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}

describe.skipIf(!available)('media and the API document inside workerd', () => {
  let token: string;

  beforeAll(async () => {
    // The first request loads the whole module graph through Vite, which takes seconds on a small machine.
    await call('/api/health');
    token = (await register('media')).accessToken;
  }, 120_000);

  const upload = (bytes: Uint8Array<ArrayBuffer>, name: string, type: string) => {
    const form = new FormData();
    form.append('file', new File([bytes], name, { type }));
    return call('/api/media', { method: 'POST', body: form, headers: bearer(token) });
  };

  it('stores a PNG in R2 without its text and EXIF chunks and serves it back immutably', async () => {
    const res = await upload(await png(4, 3), 'photo.png', 'image/png');
    expect(res.status).toBe(201);
    const { media } = await res.json<{ media: { url: string; contentType: string; width: number; height: number } }>();
    expect(media).toMatchObject({ contentType: 'image/png', width: 4, height: 3 });
    const served = await call(media.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toContain('immutable');
    const bytes = latin1(await served.arrayBuffer());
    expect(bytes).not.toContain('Jane Secret');
    expect(bytes).not.toContain('GPS');
  });

  it('refuses SVG with 415 and a pixel flood with 422', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect((await upload(svg, 'x.png', 'image/png')).status).toBe(415);
    expect((await upload(await png(50_000, 50_000, 1), 'flood.png', 'image/png')).status).toBe(422);
  });

  it('generates the OpenAPI 3.1 document and serves the reference page', async () => {
    const res = await call('/api/openapi.json');
    expect(res.status).toBe(200);
    const document = await res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths).toHaveProperty('/api/media');
    const page = await call('/api/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/docs/reference.js');
  });
});
