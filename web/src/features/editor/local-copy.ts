/** What the editor holds; also what survives a crash in localStorage. */
export interface DraftValues {
  title: string;
  body: string;
  tags: string[];
  coverImage: { url: string; alt: string } | null;
}

export interface LocalCopy extends DraftValues {
  savedAt: string;
}

const keyOf = (slug: string | null) => `edgepress:draft:${slug ?? 'new'}`;

export function readLocalCopy(slug: string | null): LocalCopy | null {
  try {
    const raw = localStorage.getItem(keyOf(slug));
    return raw ? (JSON.parse(raw) as LocalCopy) : null;
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
    (a.coverImage?.alt ?? '') === (b.coverImage?.alt ?? '')
  );
}
