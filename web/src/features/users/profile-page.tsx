import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { Avatar } from '#web/components/ui/avatar';
import { FeedLink } from '#web/components/ui/feed-link';
import { NotFound } from '#web/components/ui/not-found';
import { QueryError } from '#web/components/ui/query-error';
import { Skeleton } from '#web/components/ui/skeleton';
import { isApiError } from '#web/lib/api-error';
import { displayNameOf, plural } from '#web/lib/format';
import { useSession } from '#web/lib/session';
import { siteName } from '#web/lib/site-name';
import { startOf } from '#web/lib/start-cursor';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { authorPostsQuery, PostList } from '../posts';
import { FollowButton } from './follow-button';
import { usernameOf, userQuery } from './queries';

export function ProfilePage() {
  const username = usernameOf(useParams().handle);
  if (!username) return <NotFound />;
  return <Profile username={username} />;
}

function Profile({ username }: { username: string }) {
  const result = useQuery(userQuery(username));
  const [params] = useSearchParams();
  const me = useSession((s) => s.user);
  useDocumentTitle(result.data ? displayNameOf(result.data) : username);
  if (result.isPending) return <Skeleton lines={4} label="Loading profile" />;
  if (result.isError) {
    if (isApiError(result.error, 404)) return <NotFound />;
    return <QueryError error={result.error} retry={() => result.refetch()} />;
  }
  const user = result.data;
  return (
    <section>
      <header className="profile-header">
        <Avatar user={user} size={72} />
        <div>
          <h1>{displayNameOf(user)}</h1>
          <p className="muted">@{user.username}</p>
          {user.bio ? <p>{user.bio}</p> : null}
          <p className="meta">
            <span>{plural(user.followersCount, 'follower')}</span>
            <span>{user.followingCount} following</span>
            <span>{plural(user.postsCount, 'post')}</span>
            <FeedLink title={`${displayNameOf(user)} on ${siteName()}`} href={`/api/atom/users/${user.username}`} />
          </p>
        </div>
        <div className="profile-actions">
          {me && me.id !== user.id ? <FollowButton user={user} /> : null}
          {me?.id === user.id ? <Link to="/settings">Edit profile</Link> : null}
        </div>
      </header>
      <h2>Posts</h2>
      <PostList query={authorPostsQuery(username, startOf(params))} empty={<p>No published posts yet.</p>} />
    </section>
  );
}
