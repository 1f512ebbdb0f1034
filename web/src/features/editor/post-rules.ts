import { issuesToFieldErrors } from '#web/lib/use-form-errors';
import { updatePostBody } from '#worker/schemas/posts';
import type { DraftValues } from './local-copy';

/** The API's own request schema, so the editor flags exactly what the server would refuse. */
export function checkPost(values: DraftValues): Record<string, string[]> {
  const result = updatePostBody.safeParse({
    title: values.title.trim() || 'Untitled',
    body: values.body,
    tags: values.tags,
    coverImage: values.coverImage,
  });
  return result.success ? {} : issuesToFieldErrors(result.error.issues);
}
