import { describe, expect, it } from 'vitest';
import {
  appendedHtml,
  buildGif,
  buildPng,
  fixture,
  notImages,
  pngTextChunk,
  withTrailer,
} from './fixtures/build-images';
import { ascii, InvalidImageError, u32be } from './image-bytes';
import { sniffImageFormat } from './image-format';

/** What the fixtures' metadata says; `MM\0*` opens an EXIF block, `x:xmpmeta` an XMP packet. */
const secrets = ['Jane Secret', 'SecretCam', 'Spy-1', 'private comment', 'MM\0*', 'x:xmpmeta', 'eXIf', 'tEXt', 'iTXt'];
const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

async function clean(bytes: Uint8Array) {
  const format = await sniffImageFormat(bytes);
  if (!format) throw new Error('not an accepted image');
  return { format, image: format.clean(bytes) };
}

function pngChunkTypes(bytes: Uint8Array): string[] {
  const types: string[] = [];
  for (let pos = 8; pos < bytes.length; pos += 12 + u32be(bytes, pos)) types.push(ascii(bytes, pos + 4, 4));
  return types;
}

describe('image cleaning', () => {
  it.each([
    ['exif-gps.jpg', 'image/jpeg'],
    ['text-chunks.png', 'image/png'],
    ['lossless.webp', 'image/webp'],
    ['exif-xmp.webp', 'image/webp'],
    ['comment-xmp.gif', 'image/gif'],
    ['plain.avif', 'image/avif'],
    ['exif-xmp.avif', 'image/avif'],
  ])('reads %s as %s, 3×2, and leaves no metadata behind', async (name, contentType) => {
    const original = latin1(fixture(name));
    const carried = secrets.filter((secret) => original.includes(secret));
    expect(carried.length).toBeGreaterThanOrEqual(/plain|lossless/.test(name) ? 0 : 2);
    const { format, image } = await clean(fixture(name));
    expect(format.contentType).toBe(contentType);
    expect([image.width, image.height]).toEqual([3, 2]);
    for (const secret of secrets) expect(latin1(image.bytes)).not.toContain(secret);
    const again = await clean(image.bytes);
    expect(again.format.contentType).toBe(contentType);
    expect(again.image.bytes).toEqual(image.bytes);
  });

  it('keeps the PNG chunks that paint pixels and drops text, EXIF and time chunks', async () => {
    const { image } = await clean(fixture('text-chunks.png'));
    expect(pngChunkTypes(fixture('text-chunks.png'))).toEqual(expect.arrayContaining(['tEXt', 'iTXt', 'eXIf', 'tIME']));
    expect(pngChunkTypes(image.bytes)).toEqual(['IHDR', 'gAMA', 'cHRM', 'PLTE', 'bKGD', 'IDAT', 'IEND']);
  });

  it('drops zTXt and private chunks from a generated PNG', async () => {
    const png = buildPng(4, 4, {
      extra: [
        ['zTXt', pngTextChunk('Comment', 'x')],
        ['prVt', new Uint8Array(4)],
      ],
    });
    expect(pngChunkTypes((await clean(png)).image.bytes)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('removes the thumbnail a JFIF segment may carry, since it can show what an edit cropped out', async () => {
    const original = fixture('exif-gps.jpg');
    expect(Array.from(original.subarray(2, 6))).toEqual([0xff, 0xe0, 0x00, 0x10]);
    // APP0 of length 19: the JFIF fields, a 1×1 thumbnail and its three RGB bytes.
    const app0 = [0xff, 0xe0, 0x00, 19, ...original.subarray(6, 18), 1, 1, 0x51, 0x5a, 0x58];
    const rebuilt = new Uint8Array([0xff, 0xd8, ...app0, ...original.subarray(20)]);
    expect((await clean(rebuilt)).image.bytes).toEqual((await clean(original)).image.bytes);
  });

  it('clears the EXIF and XMP flags of a WebP and fixes its RIFF size', async () => {
    const { image } = await clean(fixture('exif-xmp.webp'));
    expect(ascii(image.bytes, 12, 4)).toBe('VP8X');
    expect((image.bytes[20] ?? 0) & 0x0c).toBe(0);
    expect(new DataView(image.bytes.buffer).getUint32(4, true)).toBe(image.bytes.length - 8);
  });

  it('keeps the AVIF byte layout and blanks the EXIF and XMP items in place', async () => {
    const original = fixture('exif-xmp.avif');
    const { image } = await clean(original);
    expect(image.bytes.length).toBe(original.length);
    expect(latin1(original)).toContain('Jane Secret');
  });

  it.each([
    ['exif-gps.jpg', [0xff, 0xd9]],
    ['text-chunks.png', [0xae, 0x42, 0x60, 0x82]],
    ['comment-xmp.gif', [0x3b]],
    ['lossless.webp', undefined],
    ['plain.avif', undefined],
  ])('cuts bytes appended after the end of %s (polyglots)', async (name, end) => {
    const original = fixture(name);
    const { image } = await clean(withTrailer(original, appendedHtml));
    expect(latin1(image.bytes)).not.toContain('<script');
    if (end) expect(Array.from(image.bytes.subarray(-end.length))).toEqual(end);
    expect(image.bytes).toEqual((await clean(original)).image.bytes);
  });

  it('reads the size a pixel flood declares without decoding it', async () => {
    const { image } = await clean(buildPng(50_000, 50_000, { rows: 1 }));
    expect([image.width, image.height]).toEqual([50_000, 50_000]);
  });

  it('counts a GIF frame that reaches past its small logical screen', async () => {
    expect((await clean(buildGif(2, 2))).image).toMatchObject({ width: 2, height: 2 });
    expect((await clean(buildGif(2, 2, 60_000, 50_000))).image).toMatchObject({ width: 60_000, height: 50_000 });
  });

  it.each(Object.entries(notImages))('does not accept %s as an image', async (_name, bytes) => {
    const format = await sniffImageFormat(bytes);
    if (format) expect(() => format.clean(bytes)).toThrow(InvalidImageError);
    else expect(format).toBeUndefined();
  });

  it.each([
    'exif-gps.jpg',
    'text-chunks.png',
    'exif-xmp.webp',
    'comment-xmp.gif',
    'exif-xmp.avif',
  ])('refuses a truncated %s', async (name) => {
    const bytes = fixture(name);
    const format = await sniffImageFormat(bytes);
    expect(() => format?.clean(bytes.subarray(0, Math.floor(bytes.length / 3)))).toThrow(InvalidImageError);
  });
});
