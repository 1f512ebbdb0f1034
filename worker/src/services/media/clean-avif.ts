import { ascii, type CleanImage, InvalidImageError, need, u16be, u32be } from './image-bytes';

interface Box {
  type: string;
  /** First byte after the box header. */
  data: number;
  end: number;
}

/** A lenient reader stops at the first malformed box instead of failing (used for trailing bytes after the image). */
function readBoxes(bytes: Uint8Array, start: number, end: number, lenient = false): Box[] {
  const boxes: Box[] = [];
  let pos = start;
  while (pos < end) {
    if (lenient && pos + 8 > end) break;
    need(bytes, pos + 8);
    let size = u32be(bytes, pos);
    let header = 8;
    if (size === 1) {
      need(bytes, pos + 16);
      size = u32be(bytes, pos + 8) * 2 ** 32 + u32be(bytes, pos + 12);
      header = 16;
    } else if (size === 0) {
      size = end - pos;
    }
    if (size < header || pos + size > end) {
      if (lenient) break;
      throw new InvalidImageError('Malformed AVIF box');
    }
    boxes.push({ type: ascii(bytes, pos + 4, 4), data: pos + header, end: pos + size });
    pos += size;
  }
  return boxes;
}

const child = (bytes: Uint8Array, parent: Box | undefined, type: string, skip = 0) =>
  parent ? readBoxes(bytes, parent.data + skip, parent.end).find((box) => box.type === type) : undefined;

function readUint(bytes: Uint8Array, pos: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + (bytes[pos + i] ?? 0);
  return value;
}

/** Item ids of EXIF blocks and XMP packets (a `mime` item of type application/rdf+xml). */
function metadataItems(bytes: Uint8Array, iinf: Box | undefined): Set<number> {
  const ids = new Set<number>();
  if (!iinf) return ids;
  const skip = bytes[iinf.data] === 0 ? 6 : 8;
  for (const infe of readBoxes(bytes, iinf.data + skip, iinf.end)) {
    const version = bytes[infe.data] ?? 0;
    if (infe.type !== 'infe' || version < 2) continue;
    const id = version === 2 ? u16be(bytes, infe.data + 4) : u32be(bytes, infe.data + 4);
    const typeAt = infe.data + (version === 2 ? 8 : 10);
    const itemType = ascii(bytes, typeAt, 4);
    const strings = new TextDecoder().decode(bytes.subarray(typeAt + 4, infe.end)).split('\0');
    if (itemType === 'Exif' || (itemType === 'mime' && strings[1] === 'application/rdf+xml')) ids.add(id);
  }
  return ids;
}

/**
 * Checks that every item's bytes are present (a truncated file fails here) and overwrites the
 * metadata items' bytes with zeros: offsets elsewhere stay valid and the metadata is gone.
 */
function zeroItems(bytes: Uint8Array, iloc: Box | undefined, idat: Box | undefined, ids: Set<number>): void {
  if (!iloc) throw new InvalidImageError('The AVIF image has no item locations');
  const version = bytes[iloc.data] ?? 0;
  let p = iloc.data + 4;
  const offsetSize = (bytes[p] ?? 0) >> 4;
  const lengthSize = (bytes[p] ?? 0) & 15;
  const baseSize = (bytes[p + 1] ?? 0) >> 4;
  const indexSize = version >= 1 ? (bytes[p + 1] ?? 0) & 15 : 0;
  p += 2;
  const itemCount = version < 2 ? u16be(bytes, p) : u32be(bytes, p);
  p += version < 2 ? 2 : 4;
  for (let item = 0; item < itemCount; item++) {
    const id = version < 2 ? u16be(bytes, p) : u32be(bytes, p);
    p += version < 2 ? 2 : 4;
    const method = version >= 1 ? u16be(bytes, p) & 15 : 0;
    p += (version >= 1 ? 2 : 0) + 2;
    const base = readUint(bytes, p, baseSize) + (method === 1 && idat ? idat.data : 0);
    p += baseSize;
    const extents = u16be(bytes, p);
    p += 2;
    for (let e = 0; e < extents; e++) {
      p += indexSize;
      const offset = readUint(bytes, p, offsetSize);
      const length = readUint(bytes, p + offsetSize, lengthSize);
      p += offsetSize + lengthSize;
      if (p > iloc.end) throw new InvalidImageError('Malformed AVIF item locations');
      need(bytes, base + offset + length);
      if (ids.has(id)) bytes.fill(0, base + offset, length ? base + offset + length : bytes.length);
    }
  }
}

/** Reads an AVIF's size from its `ispe` properties and blanks its EXIF and XMP items; bytes after the last box go. */
export function cleanAvif(input: Uint8Array): CleanImage {
  const top = readBoxes(input, 0, input.length, true);
  if (top[0]?.type !== 'ftyp') throw new InvalidImageError('Not an AVIF image');
  const end = top.at(-1)?.end ?? 0;
  const bytes = input.slice(0, end);
  const meta = top.find((box) => box.type === 'meta');
  const ipco = child(bytes, child(bytes, meta, 'iprp', 4), 'ipco');
  const sizes = ipco ? readBoxes(bytes, ipco.data, ipco.end).filter((box) => box.type === 'ispe') : [];
  if (sizes.length === 0) throw new InvalidImageError('The AVIF image declares no size');
  const width = Math.max(...sizes.map((box) => u32be(bytes, box.data + 4)));
  const height = Math.max(...sizes.map((box) => u32be(bytes, box.data + 8)));
  const ids = metadataItems(bytes, child(bytes, meta, 'iinf', 4));
  zeroItems(bytes, child(bytes, meta, 'iloc', 4), child(bytes, meta, 'idat', 4), ids);
  return { width, height, bytes };
}
