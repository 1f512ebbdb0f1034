import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '#worker/app-env';
import { AppError, notFound } from '#worker/errors';
import { requireUser } from '#worker/middleware/auth';
import { limitBody } from '#worker/middleware/body-limit';
import { errorResponse, jsonResponse } from '#worker/openapi/responses';
import { mediaKeyPattern } from '#worker/services/media/content-key';
import { uploadMedia } from '#worker/services/media/upload-media';
import { validate } from '#worker/validation';
import { mediaKeyParams, mediaSchema, uploadMediaForm } from './schemas';

/** Room for the multipart boundaries and part headers around the file itself. */
const multipartOverheadBytes = 64 * 1024;

/** Counts bytes as they arrive and stops at the limit, so an endless or lying upload is never buffered whole. */
const limitUpload = createMiddleware<AppEnv>((c, next) =>
  limitBody(c.get('deps').config.uploadMaxBytes + multipartOverheadBytes)(c, next),
);

const requireMultipart = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    throw new AppError('unsupported_media_type', 'Send the image as multipart/form-data in the field "file"');
  }
  try {
    // Parsed once here so a malformed body is a field error; the validator reuses the parsed form.
    await c.req.parseBody();
  } catch {
    throw new AppError('validation_failed', 'Validation failed', { file: ['The multipart body is malformed'] });
  }
  await next();
});

/** A stored object never changes (its key is its hash), so caches may keep it for a year without asking. */
const immutableHeaders = (key: string) => ({
  'Cache-Control': 'public, max-age=31536000, immutable',
  ETag: `"${key.split('.')[0]}"`,
  'X-Content-Type-Options': 'nosniff',
  // Even if a browser were tricked into rendering the bytes as a document, nothing may run or load.
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cross-Origin-Resource-Policy': 'cross-origin',
});

const matchesEtag = (header: string | undefined, etag: string) =>
  header?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*') ?? false;

export const mediaRoutes = new Hono<AppEnv>()
  .post(
    '/api/media',
    describeRoute({
      tags: ['media'],
      summary: 'Upload an image',
      description: 'Metadata (EXIF with GPS, XMP, comments) is removed before the image is stored.',
      responses: {
        201: jsonResponse('The stored image', z.object({ media: mediaSchema })),
        413: errorResponse('`payload_too_large`: over UPLOAD_MAX_BYTES'),
        415: errorResponse('`unsupported_media_type`: not a JPEG, PNG, WebP, GIF or AVIF image'),
        422: errorResponse('`validation_failed`: no file, or more pixels than UPLOAD_MAX_PIXELS'),
      },
    }),
    requireUser,
    limitUpload,
    requireMultipart,
    validate('form', uploadMediaForm),
    async (c) => {
      const { file } = c.req.valid('form');
      const media = await uploadMedia(c.get('deps'), c.get('user').id, new Uint8Array(await file.arrayBuffer()));
      return c.json({ media }, 201);
    },
  )
  .get(
    '/media/:key',
    describeRoute({
      tags: ['media'],
      summary: 'Fetch an uploaded image',
      responses: {
        200: { description: 'The image bytes, cached immutably', content: { 'image/*': {} } },
        304: { description: 'Not modified' },
        404: errorResponse('`not_found`'),
      },
    }),
    validate('param', mediaKeyParams),
    async (c) => {
      const { key } = c.req.valid('param');
      if (!mediaKeyPattern.test(key)) throw notFound('Media');
      const headers = immutableHeaders(key);
      if (matchesEtag(c.req.header('if-none-match'), headers.ETag)) return c.body(null, 304, headers);
      const stored = await c.get('deps').media.get(key);
      if (!stored) throw notFound('Media');
      return c.body(stored.body as ReadableStream | Uint8Array<ArrayBuffer>, 200, {
        ...headers,
        'Content-Type': stored.contentType,
        'Content-Length': String(stored.size),
        'Content-Disposition': `inline; filename="${key}"`,
      });
    },
  );
