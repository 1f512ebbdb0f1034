import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { Avatar } from '#web/components/ui/avatar';
import { NotFound } from '#web/components/ui/not-found';
import { QueryError } from '#web/components/ui/query-error';
import { Skeleton } from '#web/components/ui/skeleton';
import { isApiError } from '#web/lib/api-error';
import { displayNameOf, formatDate, plural } from '#web/lib/format';
import { useSession } from '#web/lib/session';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { tagSlug } from '#worker/schemas/tag-slug';
import { CommentsSection } from '../comments';
import { CoverImage } from './cover-image';
import { LikeButton } from './like-button';
import { postQuery } from './queries';
import { usePostRoom } from './use-post-room';

// Edit and delete are for the author and admins: readers do not download them.
const PostOwnerActions = lazy(() => import('./post-owner-actions').then((m) => ({ default: m.PostOwnerActions })));

export function PostPage() {
  const slug = useParams().slug ?? '';
  const result = useQuery(postQuery(slug));
  const post = result.data;
  const live = usePostRoom(post);
  const signedIn = useSession((s) => s.status === 'authenticated');
  useDocumentTitle(post?.title);

  if (result.isPending) return <Skeleton lines={8} label="Loading post" />;
  if (result.isError) {
    if (isApiError(result.error, 404)) return <NotFound />;
    return <QueryError error={result.error} retry={() => result.refetch()} />;
  }
  if (!post) return <NotFound />;
  return (
    <article className="post">
      <header className="post-header">
        {post.status !== 'published' ? <p className="badge">{post.status}</p> : null}
        <h1>{post.title}</h1>
        <div className="byline">
          <Avatar user={post.author} size={32} />
          <Link to={`/@${post.author.username}`}>{displayNameOf(post.author)}</Link>
          <span aria-hidden="true">·</span>
          <time dateTime={post.publishedAt ?? post.updatedAt}>{formatDate(post.publishedAt ?? post.updatedAt)}</time>
          <span aria-hidden="true">·</span>
          <span>{post.readingTimeMinutes} min read</span>
        </div>
        <p className="live-readers" aria-live="polite">
          {live.readers && live.readers > 0 ? `${plural(live.readers, 'person', 'people')} reading now` : ''}
        </p>
      </header>
      {post.coverImage ? <CoverImage cover={post.coverImage} /> : null}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the API renders and sanitizes post HTML */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: post.html }} />
      <footer className="post-footer">
        <div className="row">
          <LikeButton post={post} />
          {post.tags.map((tag) => (
            <Link key={tag} className="tag" to={`/t/${encodeURIComponent(tagSlug(tag))}`}>
              #{tag}
            </Link>
          ))}
        </div>
        {signedIn ? (
          <Suspense fallback={null}>
            <PostOwnerActions post={post} />
          </Suspense>
        ) : null}
      </footer>
      <CommentsSection slug={post.slug} postId={post.id} typing={live.typing} onTyping={live.sendTyping} />
    </article>
  );
}
