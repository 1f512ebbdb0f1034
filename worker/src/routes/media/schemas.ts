import { z } from 'zod';

export const uploadMediaForm = z.object({
  file: z.file().describe('A JPEG, PNG, WebP, GIF or AVIF image; its type is decided by its bytes'),
});

export const mediaKeyParams = z.object({ key: z.string().describe('`<sha256 of the stored bytes>.<ext>`') });

export const mediaSchema = z
  .object({
    id: z.uuid(),
    url: z.string().describe('Where readers fetch the image'),
    contentType: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif']),
    size: z.number().int().describe('Bytes stored, after metadata was removed'),
    width: z.number().int().describe('As stored; a photo a camera said to turn is upright only in its variants'),
    height: z.number().int(),
    variants: z
      .array(
        z.object({
          url: z.string(),
          width: z.number().int(),
          height: z.number().int(),
          type: z.literal('image/webp'),
        }),
      )
      .describe('Upright WebP copies at 480/960/1600 px (narrower than the image), narrowest first; pages use these'),
  })
  .meta({ id: 'Media' });
