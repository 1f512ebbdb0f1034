import { useState } from 'react';
import { rpc, unwrap } from '#web/lib/api-client';
import { isApiError } from '#web/lib/api-error';
import { toast } from '#web/lib/toasts';
import type { Post } from '#web/lib/types';

/** A secret link that shows the draft as readers will see it; revocable, and void once published. */
export function PreviewLink({ post }: { post: Post }) {
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const link$ = () => rpc().api.posts[':slug']['preview-link'];
  const param = { slug: post.slug };

  const run = async (action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      toast(isApiError(error) ? error.message : 'Could not reach the server.', 'error');
    }
  };

  if (post.status === 'published') return null;
  return (
    <section className="preview-link" aria-label="Preview link">
      {link ? (
        <>
          <label>
            Anyone with this link can read the draft until {new Date(link.expiresAt).toLocaleDateString()} or until you
            publish it:
            <input readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button
            type="button"
            className="danger"
            onClick={() =>
              run(async () => {
                await unwrap(link$().$delete({ param }));
                setLink(null);
                toast('The preview link no longer works.', 'success');
              })
            }
          >
            Revoke link
          </button>
        </>
      ) : (
        <button
          type="button"
          onClick={() =>
            run(async () => {
              setLink(await unwrap(link$().$post({ param })));
            })
          }
        >
          Share a preview link
        </button>
      )}
    </section>
  );
}
