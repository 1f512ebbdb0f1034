import { Link } from 'react-router';
import { Avatar } from '#web/components/ui/avatar';
import { displayNameOf, formatDate, plural } from '#web/lib/format';
import type { Post } from '#web/lib/types';
import { tagSlug } from '#worker/schemas/tag-slug';

export function PostCard({ post }: { post: Post }) {
  return (
    <article className="card post-card">
      <div className="byline">
        <Avatar user={post.author} size={24} />
        <Link to={`/@${post.author.username}`}>{displayNameOf(post.author)}</Link>
        <span aria-hidden="true">·</span>
        <time dateTime={post.publishedAt ?? post.updatedAt}>{formatDate(post.publishedAt ?? post.updatedAt)}</time>
        {post.status !== 'published' ? <span className="badge">{post.status}</span> : null}
      </div>
      <h2 className="post-card-title">
        <Link to={post.status === 'published' ? `/p/${post.slug}` : `/write/${post.slug}`}>
          {post.title || 'Untitled'}
        </Link>
      </h2>
      {post.excerpt ? <p className="excerpt">{post.excerpt}</p> : null}
      <div className="meta">
        <span>{post.readingTimeMinutes} min read</span>
        <span>{plural(post.likesCount, 'like')}</span>
        <span>{plural(post.commentsCount, 'comment')}</span>
        {post.tags.map((tag) => (
          <Link key={tag} className="tag" to={`/t/${encodeURIComponent(tagSlug(tag))}`}>
            #{tag}
          </Link>
        ))}
      </div>
    </article>
  );
}
