import type { PublicUser } from '#web/lib/types';

/** Decorative next to a visible name, so it carries no alt text of its own. */
export function Avatar({ user, size = 32 }: { user: Pick<PublicUser, 'avatarUrl' | 'username'>; size?: number }) {
  if (user.avatarUrl) {
    return (
      <img className="avatar" src={user.avatarUrl} alt="" width={size} height={size} loading="lazy" decoding="async" />
    );
  }
  return (
    <span className="avatar avatar-initial" style={{ width: size, height: size }} aria-hidden="true">
      {user.username.slice(0, 1).toUpperCase()}
    </span>
  );
}
