import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { rpc, unwrap } from '#web/lib/api-client';
import { isApiError } from '#web/lib/api-error';
import { toast } from '#web/lib/toasts';
import type { Post } from '#web/lib/types';
import { dropLocalCopy } from './local-copy';

interface Props {
  current: Post | null;
  /** Flushes the autosave and returns the saved post (creating it if needed); `explicit` keeps a revision. */
  flush: (options?: { explicit?: boolean }) => Promise<Post | null>;
  /** Images (cover included) without alt text: publishing asks first. */
  missingAlt: number;
  onChanged: (post: Post) => void;
  onFieldErrors: (errors: Record<string, string[]>) => void;
}

/** Local date-time for <input type="datetime-local">, one hour from now by default. */
function inAnHour(): string {
  const at = new Date(Date.now() + 3_600_000);
  at.setSeconds(0, 0);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function PublishControls({ current, flush, missingAlt, onChanged, onFieldErrors }: Props) {
  const navigate = useNavigate();
  const whenId = useId();
  const [when, setWhen] = useState(inAnHour);
  const [busy, setBusy] = useState(false);

  const run = async (change: (post: Post) => Promise<void>, explicit = false) => {
    setBusy(true);
    try {
      const post = await flush({ explicit });
      if (!post) {
        toast('Write a title or some text first.', 'info');
        return;
      }
      await change(post);
    } catch (error) {
      if (isApiError(error, 422)) onFieldErrors(error.fieldErrors);
      toast(isApiError(error) ? error.message : 'Could not reach the server.', 'error');
    } finally {
      setBusy(false);
    }
  };

  const setStatus = (body: { status: Post['status']; publishAt?: string | null }, message: string) => {
    const unlabelled = `${missingAlt === 1 ? 'An image has' : `${missingAlt} images have`} no alt text`;
    if (body.status !== 'draft' && missingAlt > 0 && !window.confirm(`${unlabelled}. Publish anyway?`)) return;
    return run(async (post) => {
      const { post: changed } = await unwrap(
        rpc().api.posts[':slug'].$patch({
          param: { slug: encodeURIComponent(post.slug) },
          json: { ...body, version: post.version },
        }),
      );
      onChanged(changed);
      toast(message, 'success');
      if (changed.status === 'published') navigate(`/p/${changed.slug}`);
    });
  };

  const remove = () =>
    run(async (post) => {
      if (!window.confirm(`Delete “${post.title}”? This cannot be undone.`)) return;
      await unwrap(rpc().api.posts[':slug'].$delete({ param: { slug: encodeURIComponent(post.slug) } }));
      dropLocalCopy(post.slug);
      toast('Post deleted.', 'success');
      navigate('/drafts', { replace: true });
    });

  const status = current?.status ?? 'draft';
  return (
    <div className="publish-controls row">
      <button type="button" disabled={busy} onClick={() => run(async () => toast('Saved.', 'success'), true)}>
        {status === 'published' ? 'Save' : 'Save draft'}
      </button>
      {status !== 'published' ? (
        <button
          type="button"
          className="button-primary"
          disabled={busy}
          onClick={() => setStatus({ status: 'published', publishAt: null }, 'Published.')}
        >
          Publish
        </button>
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={() => setStatus({ status: 'draft', publishAt: null }, 'Moved back to drafts.')}
        >
          Unpublish
        </button>
      )}
      {status !== 'published' ? (
        <span className="row">
          <label htmlFor={whenId}>Publish at</label>
          <input
            id={whenId}
            type="datetime-local"
            value={when}
            onChange={(e) => setWhen(e.target.value)}
            style={{ width: 'auto' }}
          />
          <button
            type="button"
            disabled={busy || !when}
            onClick={() =>
              setStatus(
                { status: 'scheduled', publishAt: new Date(when).toISOString() },
                `Scheduled for ${new Date(when).toLocaleString()}.`,
              )
            }
          >
            Schedule
          </button>
        </span>
      ) : null}
      {current ? (
        <button type="button" className="danger" disabled={busy} onClick={remove}>
          Delete
        </button>
      ) : null}
    </div>
  );
}
