import type { Orientation } from './exif-orientation';

/** Thrown when bytes that claim a format do not parse as that format; the upload is refused. */
export class InvalidImageError extends Error {
  override name = 'InvalidImageError';
}

/** What a format reader returns: the dimensions its headers declare and the bytes with metadata removed. */
export interface CleanImage {
  width: number;
  height: number;
  bytes: Uint8Array;
  /** EXIF orientation read before the EXIF block was dropped; 1 when there was none. */
  orientation?: Orientation;
  /** Animated images get no still variants: a resize would keep only the first frame. */
  animated?: boolean;
}

/** Fails unless `end` lies within the buffer, so a truncated or lying length never reads past the end. */
export function need(bytes: Uint8Array, end: number): void {
  if (end > bytes.length) throw new InvalidImageError('The image is truncated');
}

export const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
export const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
export const u24le = (b: Uint8Array, i: number) => u16le(b, i) + (b[i + 2] ?? 0) * 0x10000;
export const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 0x10000 + u16be(b, i + 2);
export const u32le = (b: Uint8Array, i: number) => u16le(b, i) + u16le(b, i + 2) * 0x10000;

export function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
