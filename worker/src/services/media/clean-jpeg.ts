import { exifOrientation, type Orientation } from './exif-orientation';
import { ascii, type CleanImage, concatBytes, InvalidImageError, need, u16be } from './image-bytes';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;

/** Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * APP segments are where EXIF (with GPS), XMP, IPTC, maker notes and thumbnails live. Only what
 * affects how pixels look is kept: JFIF (APP0, its thumbnail removed: a stale thumbnail can show
 * what an edit cropped out), the ICC colour profile (APP2) and Adobe's colour transform (APP14).
 */
function keptSegment(bytes: Uint8Array, pos: number, end: number, marker: number): Uint8Array | undefined {
  if (marker === COM) return undefined;
  if (marker < 0xe0 || marker > 0xef) return bytes.subarray(pos, end);
  const id = ascii(bytes, pos + 4, 12);
  if (marker === 0xe0 && id.startsWith('JFIF\0') && end - pos >= 18) {
    const jfif = bytes.slice(pos, pos + 18);
    jfif.set([0, 16], 2);
    jfif.set([0, 0], 16);
    return jfif;
  }
  if ((marker === 0xe2 && id === 'ICC_PROFILE\0') || (marker === 0xee && id.startsWith('Adobe'))) {
    return bytes.subarray(pos, end);
  }
  return undefined;
}

/** Index of the first marker after entropy-coded data starting at `pos` (stuffed 00 and RSTn are data). */
function endOfScan(bytes: Uint8Array, pos: number): number {
  // indexOf jumps between 0xFF bytes natively: a byte-by-byte loop is several times slower on big photos.
  for (let i = bytes.indexOf(0xff, pos); i !== -1 && i + 1 < bytes.length; i = bytes.indexOf(0xff, i + 1)) {
    const next = bytes[i + 1] ?? 0;
    if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) return i;
  }
  throw new InvalidImageError('The JPEG image has no end marker');
}

/** Walks a JPEG's segments to EOI, keeping image data and dropping APP metadata, comments and trailing bytes. */
export function cleanJpeg(bytes: Uint8Array): CleanImage {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) throw new InvalidImageError('Not a JPEG image');
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let sawScan = false;
  let width = 0;
  let height = 0;
  let orientation: Orientation = 1;
  let pos = 2;
  for (;;) {
    need(bytes, pos + 2);
    if (bytes[pos] !== 0xff) throw new InvalidImageError('Malformed JPEG segment');
    const marker = bytes[pos + 1] ?? 0;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === EOI) {
      kept.push(bytes.subarray(pos, pos + 2));
      break;
    }
    need(bytes, pos + 4);
    const end = pos + 2 + u16be(bytes, pos + 2);
    need(bytes, end);
    if (isStartOfFrame(marker)) {
      need(bytes, pos + 9);
      height = u16be(bytes, pos + 5);
      width = u16be(bytes, pos + 7);
    }
    if (marker === 0xe1 && orientation === 1 && ascii(bytes, pos + 4, 6) === 'Exif\0\0') {
      orientation = exifOrientation(bytes.subarray(pos + 4, end));
    }
    const segment = keptSegment(bytes, pos, end, marker);
    if (segment) kept.push(segment);
    pos = end;
    if (marker === SOS) {
      sawScan = true;
      const scanEnd = endOfScan(bytes, pos);
      kept.push(bytes.subarray(pos, scanEnd));
      pos = scanEnd;
    }
  }
  if (width === 0 || height === 0 || !sawScan) throw new InvalidImageError('The JPEG image has no frame or no scan');
  return { width, height, orientation, bytes: concatBytes(kept) };
}
