import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { QueryError } from '#web/components/ui/query-error';
import { Skeleton } from '#web/components/ui/skeleton';
import { rpc, unwrap } from '#web/lib/api-client';
import { isApiError } from '#web/lib/api-error';
import { displayNameOf } from '#web/lib/format';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { CoverImage } from './cover-image';

/** Tells crawlers that reach a preview (a shared link can travel) never to index it. */
function useNoIndex() {
  useEffect(() => {
    const meta = document.createElement('meta');
    meta.name = 'robots';
    meta.content = 'noindex, nofollow';
    document.head.append(meta);
    return () => meta.remove();
  }, []);
}

/** A draft opened through its secret preview link: the article as readers will see it, marked as a preview. */
export function PreviewPage() {
  const token = useParams().token ?? '';
  useNoIndex();
  const result = useQuery({
    queryKey: ['preview', token],
    queryFn: () => unwrap(rpc().api.preview[':token'].$get({ param: { token } })),
    retry: false,
  });
  useDocumentTitle(result.data ? `Preview: ${result.data.post.title}` : 'Preview');

  if (result.isPending) return <Skeleton lines={8} label="Loading the preview" />;
  if (result.isError) {
    if (isApiError(result.error, 404)) {
      return (
        <section className="notice">
          <h1>This preview link no longer works</h1>
          <p>It was revoked, it expired, or the post has been published since.</p>
        </section>
      );
    }
    return <QueryError error={result.error} retry={() => result.refetch()} />;
  }
  const { post } = result.data;
  return (
    <article className="post">
      <p className="notice preview-banner" role="note">
        Preview: this post is not published yet. Please do not share this link.
      </p>
      <header className="post-header">
        <h1>{post.title}</h1>
        <div className="byline">
          <span>{displayNameOf(post.author)}</span>
          <span aria-hidden="true">·</span>
          <span>{post.readingTimeMinutes} min read</span>
        </div>
      </header>
      {post.coverImage ? <CoverImage cover={post.coverImage} /> : null}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the API renders and sanitizes post HTML */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: post.html }} />
    </article>
  );
}
