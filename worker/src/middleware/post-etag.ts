import { AppError } from '#worker/errors';

/**
 * A post's ETag, `"v<version>-<digest>"`: the digest of the answer's bytes keeps it a strong
 * validator for If-None-Match (a new like changes it), and the version lets an edit name the version
 * it was made from in If-Match (ADR 0083).
 */
export const versionedEtag = (version: number, digestTag: string) => `"v${version}-${digestTag.slice(1)}`;

// Weak (W/) tags are accepted: compression in front of us (Node's, nginx's) weakens the strong tag
// we sent, and the version it carries is unchanged.
const postTag = /^(?:W\/)?"v(\d{1,9})-[0-9a-f]{32}"$/;

/**
 * Reads an If-Match header for a post: the versions its tags name, or undefined for `*` (any
 * version: the post only has to exist). Anything else is a 400, never silently ignored: an edit
 * that meant to be conditional must not go through unchecked.
 */
export function parseIfMatch(header: string): number[] | undefined {
  const value = header.trim();
  if (value === '*') return undefined;
  return value.split(',').map((part) => {
    const match = postTag.exec(part.trim());
    if (!match) {
      throw new AppError(
        'bad_request',
        `If-Match must be "*" or the ETag a GET of this post answered (like "v3-<32 hex digits>"); got ${JSON.stringify(part.trim().slice(0, 80))}`,
      );
    }
    return Number(match[1]);
  });
}
