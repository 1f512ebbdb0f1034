import { users } from '#db/schema';

/** The columns of a user anyone may see; never the email, hash or token version. */
export const publicUserColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  bio: users.bio,
  avatarUrl: users.avatarUrl,
  role: users.role,
  createdAt: users.createdAt,
  followersCount: users.followersCount,
  followingCount: users.followingCount,
  postsCount: users.postsCount,
};

export interface PublicUserRow {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  avatarUrl: string | null;
  role: 'user' | 'admin';
  createdAt: Date;
  followersCount: number;
  followingCount: number;
  postsCount: number;
}

export interface PublicUser extends Omit<PublicUserRow, 'createdAt'> {
  createdAt: string;
  following?: boolean;
}

export function toPublicUser(row: PublicUserRow, following?: boolean): PublicUser {
  return { ...row, createdAt: row.createdAt.toISOString(), ...(following === undefined ? {} : { following }) };
}
