import type { Post } from '#web/lib/types';

/** Search and social text; an empty string means the default (title, excerpt, cover, this site). */
export interface SeoValues {
  metaTitle: string;
  metaDescription: string;
  socialImage: string;
  canonicalUrl: string;
}

/** What the editor holds; also what survives a crash in localStorage. */
export interface DraftValues {
  title: string;
  body: string;
  tags: string[];
  coverImage: { url: string; alt: string } | null;
  seo: SeoValues;
}

export const emptySeo: SeoValues = { metaTitle: '', metaDescription: '', socialImage: '', canonicalUrl: '' };

const seoKeys = Object.keys(emptySeo) as (keyof SeoValues)[];

/** The API's form: empty fields are sent as null, which restores the default. */
export const seoPayload = (seo: SeoValues) => Object.fromEntries(seoKeys.map((key) => [key, seo[key].trim() || null]));

export interface LocalCopy extends DraftValues {
  savedAt: string;
}

const keyOf = (slug: string | null) => `edgepress:draft:${slug ?? 'new'}`;

export function readLocalCopy(slug: string | null): LocalCopy | null {
  try {
    const raw = localStorage.getItem(keyOf(slug));
    // Copies saved before SEO fields existed have none.
    return raw ? ({ seo: emptySeo, ...(JSON.parse(raw) as Partial<LocalCopy>) } as LocalCopy) : null;
  } catch {
    return null;
  }
}

export function writeLocalCopy(slug: string | null, values: DraftValues): void {
  try {
    localStorage.setItem(keyOf(slug), JSON.stringify({ ...values, savedAt: new Date().toISOString() }));
  } catch {
    // Storage full or disabled (private mode): the server copy still autosaves.
  }
}

export function dropLocalCopy(slug: string | null): void {
  try {
    localStorage.removeItem(keyOf(slug));
  } catch {
    // Nothing to drop when storage is unavailable.
  }
}

export function sameValues(a: DraftValues, b: DraftValues): boolean {
  return (
    a.title === b.title &&
    a.body === b.body &&
    a.tags.join('\u0000') === b.tags.join('\u0000') &&
    (a.coverImage?.url ?? '') === (b.coverImage?.url ?? '') &&
    (a.coverImage?.alt ?? '') === (b.coverImage?.alt ?? '') &&
    seoKeys.every((key) => a.seo[key] === b.seo[key])
  );
}

/** The editor's values for a saved post (or a new one). */
export const valuesOf = (post: Post | null): DraftValues => ({
  title: post?.title ?? '',
  body: post?.body ?? '',
  tags: post?.tags ?? [],
  coverImage: post?.coverImage ? { url: post.coverImage.url, alt: post.coverImage.alt } : null,
  seo: {
    metaTitle: post?.seo.metaTitle ?? '',
    metaDescription: post?.seo.metaDescription ?? '',
    socialImage: post?.seo.socialImage ?? '',
    canonicalUrl: post?.seo.canonicalUrl ?? '',
  },
});
