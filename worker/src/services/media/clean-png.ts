import { exifOrientation, type Orientation } from './exif-orientation';
import { ascii, type CleanImage, concatBytes, InvalidImageError, need, u32be } from './image-bytes';

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Ancillary chunks that only describe how to paint pixels. Everything else ancillary (tEXt, zTXt,
 * iTXt, eXIf, tIME and private chunks) can carry text, location or tracking data and is dropped.
 */
const keptAncillary = new Set([
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'cICP',
  'mDCv',
  'cLLi',
  'sBIT',
  'bKGD',
  'pHYs',
  'hIST',
  'acTL',
  'fcTL',
  'fdAT',
]);

const critical = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);

/** Reads a PNG's IHDR and copies its chunks up to IEND, dropping metadata chunks and anything after IEND. */
export function cleanPng(bytes: Uint8Array): CleanImage {
  need(bytes, 33);
  if (!signature.every((value, i) => bytes[i] === value) || ascii(bytes, 12, 4) !== 'IHDR') {
    throw new InvalidImageError('Not a PNG image');
  }
  const width = u32be(bytes, 16);
  const height = u32be(bytes, 20);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let pos = 8;
  let sawImageData = false;
  let orientation: Orientation = 1;
  let animated = false;
  for (;;) {
    need(bytes, pos + 12);
    const length = u32be(bytes, pos);
    const type = ascii(bytes, pos + 4, 4);
    const end = pos + 12 + length;
    need(bytes, end);
    if (critical.has(type) || keptAncillary.has(type)) kept.push(bytes.subarray(pos, end));
    else if (/^[A-Z]/.test(type)) throw new InvalidImageError(`Unknown critical PNG chunk ${type}`);
    if (type === 'IDAT') sawImageData = true;
    if (type === 'acTL') animated = true;
    if (type === 'eXIf') orientation = exifOrientation(bytes.subarray(pos + 8, pos + 8 + length));
    if (type === 'IEND') break;
    pos = end;
  }
  if (!sawImageData) throw new InvalidImageError('The PNG image has no image data');
  return { width, height, orientation, animated, bytes: concatBytes(kept) };
}
