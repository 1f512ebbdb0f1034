import { z } from 'zod';
import { deceptiveMessage, hasDeceptiveCharacters, isRealTimestamp } from './text-rules';

export { tagSlug } from './tag-slug';

/** Slugs that name routes under /api/posts, so no post may take them. */
export const reservedPostSlugs: readonly string[] = ['drafts'];

export const postTitleMaxLength = 200;
export const postBodyMaxLength = 100_000;
export const postTagsMax = 10;
export const tagNameMaxLength = 40;

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Letters and digits of any script plus a little punctuation: tags are labels, never markup.
const tagNamePattern = /^[\p{L}\p{N}][\p{L}\p{N} _.+#-]*$/u;

/** C0 controls other than tab, newline and carriage return, and DEL: never meaningful in a title. */
function hasControlCharacters(text: string): boolean {
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) return true;
  }
  return false;
}

const plainLine = (field: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${field} must be at most ${max} characters`)
    .refine((text) => !hasControlCharacters(text), `${field} cannot contain control characters`)
    .refine((text) => !hasDeceptiveCharacters(text), deceptiveMessage(field));

const title = plainLine('Title', postTitleMaxLength).pipe(z.string().min(1, 'Title cannot be empty'));

// A NUL never gets this far: the JSON body check refuses it (middleware/json-body.ts).
const body = z.string().max(postBodyMaxLength, `Body must be at most ${postBodyMaxLength} characters`);

export const postSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Slug cannot be empty')
  .max(100, 'Slug must be at most 100 characters')
  .regex(slugPattern, 'Slug may contain only a-z, 0-9 and single "-" between them')
  .refine((slug) => !reservedPostSlugs.includes(slug), 'This slug is reserved');

export const tagNameSchema = z
  .string()
  .trim()
  .min(1, 'Tag cannot be empty')
  .max(tagNameMaxLength, `Tag must be at most ${tagNameMaxLength} characters`)
  .regex(tagNamePattern, 'Tag may contain letters, digits, spaces and _ . + # -');

const tagList = z.array(tagNameSchema).max(postTagsMax, `At most ${postTagsMax} tags`);

const coverImage = z
  .object({
    url: z
      .string()
      .trim()
      .max(2000)
      .regex(/^(https?:\/\/|\/media\/)/i, 'Cover image must be an http(s) URL or an uploaded /media/ path'),
    alt: plainLine('Alt text', 300).default(''),
  })
  .nullable();

const optionalLine = (field: string, max: number) =>
  plainLine(field, max)
    .transform((text) => text || null)
    .nullish();

/** Search and social text; each field left out keeps its value, null or empty clears it (the default applies). */
const seo = z.object({
  metaTitle: optionalLine('Meta title', 120).describe('Replaces the title in search results and link previews'),
  metaDescription: optionalLine('Meta description', 300).describe(
    'Replaces the excerpt in search results, previews and feeds',
  ),
  socialImage: z
    .string()
    .trim()
    .max(2000)
    .regex(/^(https?:\/\/|\/media\/)/i, 'Social image must be an http(s) URL or an uploaded /media/ path')
    .nullish()
    .describe('Replaces the cover image in link previews'),
  canonicalUrl: z
    .url({ protocol: /^https?$/, message: 'Canonical URL must be an absolute http(s) URL' })
    .max(2000)
    .nullish()
    .describe('Where the post first appeared, when it is republished here'),
});

const status = z.enum(['draft', 'scheduled', 'published']);
const publishAt = z.iso
  .datetime({ offset: true, message: 'publishAt must be an ISO date-time' })
  .refine(isRealTimestamp, 'publishAt must be a real date between the years 1 and 9999');

function requirePublishAtWhenScheduled(value: { status?: string; publishAt?: string | null }, ctx: z.RefinementCtx) {
  if (value.status === 'scheduled' && !value.publishAt) {
    ctx.addIssue({ code: 'custom', path: ['publishAt'], message: 'A scheduled post needs publishAt' });
  }
  if (value.publishAt && value.status !== 'scheduled') {
    ctx.addIssue({ code: 'custom', path: ['publishAt'], message: 'publishAt is only for status "scheduled"' });
  }
}

export const createPostBody = z
  .object({
    title,
    body,
    slug: postSlugSchema.optional(),
    tags: tagList.default([]),
    coverImage: coverImage.optional(),
    seo: seo.optional(),
    status: status.default('draft'),
    publishAt: publishAt.nullish(),
  })
  .superRefine(requirePublishAtWhenScheduled);

export const updatePostBody = z
  .object({
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('The post version this edit was made from; an older one answers 409 with the current post'),
    saveRevision: z.boolean().optional().describe('An explicit save: keeps a revision (autosaves coalesce)'),
    title: title.optional(),
    body: body.optional(),
    slug: postSlugSchema.optional(),
    tags: tagList.optional(),
    coverImage: coverImage.optional(),
    seo: seo.optional(),
    status: status.optional(),
    publishAt: publishAt.nullish(),
  })
  .superRefine(requirePublishAtWhenScheduled);

const limit = z.coerce.number().int().min(1).max(100).default(20);
const cursor = z.string().max(300).optional();

const noControls = (schema: z.ZodString) =>
  schema.refine((text) => !hasControlCharacters(text), 'Cannot contain control characters');

export const listPostsQuery = z.object({
  author: noControls(z.string().trim().toLowerCase().max(30)).optional(),
  tag: noControls(z.string().trim().toLowerCase().max(100)).optional(),
  sort: z.enum(['latest', 'top']).default('latest'),
  limit,
  cursor,
});

export const pageQuery = z.object({ limit, cursor });

export const listTagsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(100) });

export const searchQuery = z.object({
  q: noControls(
    z.string().trim().min(1, 'Enter something to search for').max(200, 'Query must be at most 200 characters'),
  ),
  limit,
  cursor,
});

export type CreatePostBody = z.infer<typeof createPostBody>;
export type UpdatePostBody = z.infer<typeof updatePostBody>;
export type ListPostsQuery = z.infer<typeof listPostsQuery>;
export type PageQuery = z.infer<typeof pageQuery>;
export type ListTagsQuery = z.infer<typeof listTagsQuery>;
export type SearchQuery = z.infer<typeof searchQuery>;
