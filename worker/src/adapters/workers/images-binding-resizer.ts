import type { ImageResizer } from '#worker/ports';

type Transform = { rotate?: 0 | 90 | 180 | 270; flip?: 'h'; width?: number; fit?: 'scale-down' };

/** The part of the Images binding the resizer uses (structural, so Node tooling type-checks it). */
export interface ImagesTransformer {
  transform(transform: Transform): ImagesTransformer;
  output(options: { format: 'image/webp'; quality: number }): Promise<{ image(): ReadableStream<Uint8Array> }>;
}
export interface ImagesService {
  input(stream: ReadableStream<Uint8Array>): ImagesTransformer;
}

/**
 * Cloudflare Images' documented input limits (100 megapixels, 12,000 px on a side). The image is
 * decoded by Images, outside the isolate: the isolate only holds the compressed upload and the
 * encoded variants, never a bitmap (ADR 0082).
 */
const imagesDecodeLimit = { pixels: 100_000_000, side: 12_000 };

/**
 * Resizes through the Images binding. Rotation and mirroring are passed as explicit transforms
 * because the stored bytes no longer carry EXIF. Miniflare's local binding (sharp inside wrangler)
 * applies width, height and rotate but ignores `flip`, so locally the four mirrored orientations
 * come out turned upright but still mirrored; deployed Images applies the flip.
 */
export function createImagesBindingResizer(images: ImagesService): ImageResizer {
  return {
    decodeLimit: imagesDecodeLimit,
    async resize(bytes, { width, uprighting }) {
      const input = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
      let transformer = images.input(input);
      if (uprighting.rotate) transformer = transformer.transform({ rotate: uprighting.rotate });
      if (uprighting.flop) transformer = transformer.transform({ flip: 'h' });
      const result = await transformer
        .transform({ width, fit: 'scale-down' })
        .output({ format: 'image/webp', quality: 80 });
      return new Uint8Array(await new Response(result.image()).arrayBuffer());
    },
  };
}
