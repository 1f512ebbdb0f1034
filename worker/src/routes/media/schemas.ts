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
    width: z.number().int(),
    height: z.number().int(),
  })
  .meta({ id: 'Media' });
