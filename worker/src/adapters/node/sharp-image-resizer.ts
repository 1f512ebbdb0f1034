import sharp from 'sharp';
import type { ImageResizer } from '#worker/ports';

// Two cores serve every request: one libvips thread per resize, and no cache of decoded images
// (an upload is resized once, so a cache only holds memory).
sharp.concurrency(1);
sharp.cache(false);

/** WebP cannot encode a side longer than this, and libvips has no smaller limit of its own. */
const webpMaxSide = 16_383;

/**
 * Resizes with sharp (libvips), which decodes in native memory outside the V8 heap. The pixel cap
 * is UPLOAD_MAX_PIXELS, passed on to sharp as `limitInputPixels` so that nothing larger is decoded
 * even if a header lied to our parsers (ADR 0082).
 */
export function createSharpImageResizer(maxPixels: number): ImageResizer {
  return {
    decodeLimit: { pixels: maxPixels, side: webpMaxSide },
    async resize(bytes, { width, uprighting }) {
      let image = sharp(bytes, { limitInputPixels: maxPixels, sequentialRead: true, failOn: 'error' });
      // sharp mirrors before it rotates whatever the call order, and mirror-then-rotate by -r equals
      // rotate-by-r-then-mirror, which is what the uprighting asks for.
      const rotate = uprighting.flop ? (360 - uprighting.rotate) % 360 : uprighting.rotate;
      if (rotate) image = image.rotate(rotate);
      if (uprighting.flop) image = image.flop();
      const out = await image.resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}
