import { exifOrientation, type Orientation } from './exif-orientation';
import { ascii, type CleanImage, concatBytes, InvalidImageError, need, u16le, u24le, u32le } from './image-bytes';

/** Chunks that make up the picture; EXIF, XMP and unknown chunks are dropped. */
const keptChunks = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const exifAndXmpFlags = 0x08 | 0x04;

function sizeOf(fourcc: string, data: Uint8Array): { width: number; height: number } | undefined {
  if (fourcc === 'VP8X' && data.length >= 10) return { width: u24le(data, 4) + 1, height: u24le(data, 7) + 1 };
  if (fourcc === 'VP8L' && data.length >= 5 && data[0] === 0x2f) {
    const bits = u32le(data, 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (fourcc === 'VP8 ' && data.length >= 10 && data[3] === 0x9d && data[4] === 0x01 && data[5] === 0x2a) {
    return { width: u16le(data, 6) & 0x3fff, height: u16le(data, 8) & 0x3fff };
  }
  return undefined;
}

/** Rebuilds a WebP's RIFF container without EXIF/XMP chunks (and their VP8X flags) or bytes past the RIFF end. */
export function cleanWebp(bytes: Uint8Array): CleanImage {
  need(bytes, 20);
  if (ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') throw new InvalidImageError('Not a WebP image');
  const riffEnd = 8 + u32le(bytes, 4);
  need(bytes, riffEnd);
  const chunks: Uint8Array[] = [];
  let size: { width: number; height: number } | undefined;
  let orientation: Orientation = 1;
  let animated = false;
  let pos = 12;
  while (pos < riffEnd) {
    need(bytes, pos + 8);
    const fourcc = ascii(bytes, pos, 4);
    const length = u32le(bytes, pos + 4);
    const end = pos + 8 + length + (length % 2);
    if (end > riffEnd) throw new InvalidImageError('A WebP chunk overruns its container');
    if (fourcc === 'EXIF') orientation = exifOrientation(bytes.subarray(pos + 8, pos + 8 + length));
    if (fourcc === 'ANIM') animated = true;
    if (keptChunks.has(fourcc)) {
      const chunk = bytes.slice(pos, end);
      if (fourcc === 'VP8X') chunk[8] = (chunk[8] ?? 0) & ~exifAndXmpFlags;
      size ??= sizeOf(fourcc, chunk.subarray(8, 8 + length));
      chunks.push(chunk);
    }
    pos = end;
  }
  if (!size) throw new InvalidImageError('The WebP image declares no size');
  const header = bytes.slice(0, 12);
  const body = concatBytes(chunks);
  new DataView(header.buffer).setUint32(4, 4 + body.length, true);
  return { ...size, orientation, animated, bytes: concatBytes([header, body]) };
}
