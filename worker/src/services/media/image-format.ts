import { fileTypeFromBuffer } from 'file-type/core';
import { cleanAvif } from './clean-avif';
import { cleanGif } from './clean-gif';
import { cleanJpeg } from './clean-jpeg';
import { cleanPng } from './clean-png';
import { cleanWebp } from './clean-webp';
import type { CleanImage } from './image-bytes';

export interface ImageFormat {
  /** The type the object is stored and served with. */
  contentType: string;
  ext: string;
  clean(bytes: Uint8Array): CleanImage;
}

const png: ImageFormat = { contentType: 'image/png', ext: 'png', clean: cleanPng };

/** Keyed by what file-type reports from the magic bytes; an animated PNG is still served as image/png. */
const formats: Record<string, ImageFormat> = {
  'image/jpeg': { contentType: 'image/jpeg', ext: 'jpg', clean: cleanJpeg },
  'image/png': png,
  'image/apng': png,
  'image/gif': { contentType: 'image/gif', ext: 'gif', clean: cleanGif },
  'image/webp': { contentType: 'image/webp', ext: 'webp', clean: cleanWebp },
  'image/avif': { contentType: 'image/avif', ext: 'avif', clean: cleanAvif },
};

/**
 * The accepted image format the bytes really are, judged by their magic bytes alone (the client's
 * Content-Type and file name are never consulted), or undefined for anything else, SVG included.
 */
export async function sniffImageFormat(bytes: Uint8Array): Promise<ImageFormat | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  return detected ? formats[detected.mime] : undefined;
}
