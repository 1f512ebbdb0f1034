import type { Uprighting } from '#worker/ports';
import { ascii, u16be, u16le, u32be, u32le } from './image-bytes';

/** EXIF orientation 1–8 (TIFF tag 0x0112): 1 is upright; 2, 4, 5 and 7 are mirrored. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const orientationTag = 0x0112;
const exifHeader = 'Exif\0\0';

/**
 * The orientation a TIFF-structured EXIF block declares in IFD0, or 1 when it declares none or does
 * not parse: a damaged EXIF block must never make an upload fail, it only loses its rotation.
 * Accepts the block with or without the `Exif\0\0` prefix (JPEG APP1 and WebP have it, PNG eXIf not).
 */
export function exifOrientation(block: Uint8Array): Orientation {
  const tiff = ascii(block, 0, 6) === exifHeader ? block.subarray(6) : block;
  if (tiff.length < 8) return 1;
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return 1;
  const u16 = order === 'II' ? u16le : u16be;
  const u32 = order === 'II' ? u32le : u32be;
  if (u16(tiff, 2) !== 42) return 1;
  const ifd = u32(tiff, 4);
  if (ifd + 2 > tiff.length) return 1;
  const entries = u16(tiff, ifd);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (u16(tiff, entry) !== orientationTag) continue;
    const value = u16(tiff, entry + 8);
    return value >= 1 && value <= 8 ? (value as Orientation) : 1;
  }
  return 1;
}

const uprightings: Record<Orientation, Uprighting> = {
  1: { rotate: 0, flop: false },
  2: { rotate: 0, flop: true },
  3: { rotate: 180, flop: false },
  4: { rotate: 180, flop: true },
  5: { rotate: 90, flop: true },
  6: { rotate: 90, flop: false },
  7: { rotate: 270, flop: true },
  8: { rotate: 270, flop: false },
};

export const uprightingOf = (orientation: Orientation): Uprighting => uprightings[orientation];

/** Orientations 5–8 store the picture on its side: width and height swap once it is upright. */
export const swapsAxes = (orientation: Orientation) => orientation >= 5;
