import { ascii, type CleanImage, concatBytes, InvalidImageError, need, u16le } from './image-bytes';

const IMAGE = 0x2c;
const EXTENSION = 0x21;
const TRAILER = 0x3b;
const GRAPHIC_CONTROL = 0xf9;
const PLAIN_TEXT = 0x01;
const APPLICATION = 0xff;

/** Application extensions that only control animation; others (XMP, vendor data) are dropped. */
const keptApplications = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

const colorTableSize = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);

/** End of a run of data sub-blocks starting at `pos` (each length-prefixed, ended by a zero length). */
function skipSubBlocks(bytes: Uint8Array, pos: number): number {
  let i = pos;
  for (;;) {
    need(bytes, i + 1);
    const length = bytes[i] ?? 0;
    i += 1 + length;
    if (length === 0) return i;
  }
}

/** Reads a GIF's canvas size and copies its blocks up to the trailer, dropping comments, non-animation application data and trailing bytes. */
export function cleanGif(bytes: Uint8Array): CleanImage {
  need(bytes, 14);
  if (!/^GIF8[79]a$/.test(ascii(bytes, 0, 6))) throw new InvalidImageError('Not a GIF image');
  // A frame may reach past the logical screen; the canvas a decoder allocates covers both, and
  // that is what the pixel-flood guard must see.
  let width = u16le(bytes, 6);
  let height = u16le(bytes, 8);
  let pos = 13 + colorTableSize(bytes[10] ?? 0);
  need(bytes, pos);
  const kept: Uint8Array[] = [bytes.subarray(0, pos)];
  for (;;) {
    need(bytes, pos + 1);
    const block = bytes[pos];
    if (block === TRAILER) {
      kept.push(bytes.subarray(pos, pos + 1));
      break;
    }
    let end: number;
    let keep = true;
    if (block === IMAGE) {
      need(bytes, pos + 10);
      width = Math.max(width, u16le(bytes, pos + 1) + u16le(bytes, pos + 5));
      height = Math.max(height, u16le(bytes, pos + 3) + u16le(bytes, pos + 7));
      const dataStart = pos + 10 + colorTableSize(bytes[pos + 9] ?? 0) + 1;
      end = skipSubBlocks(bytes, dataStart);
    } else if (block === EXTENSION) {
      need(bytes, pos + 2);
      const label = bytes[pos + 1];
      end = skipSubBlocks(bytes, pos + 2);
      keep =
        label === GRAPHIC_CONTROL ||
        label === PLAIN_TEXT ||
        (label === APPLICATION && keptApplications.has(ascii(bytes, pos + 3, 11)));
    } else {
      throw new InvalidImageError('Malformed GIF block');
    }
    if (keep) kept.push(bytes.subarray(pos, end));
    pos = end;
  }
  if (width === 0 || height === 0) throw new InvalidImageError('The GIF image declares no size');
  return { width, height, bytes: concatBytes(kept) };
}
