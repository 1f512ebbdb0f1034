import type { Comment, Me, Post, PublicUser } from '../lib/types';

let n = 0;
const next = () => ++n;

export function aUser(overrides: Partial<PublicUser> = {}): PublicUser {
  const i = next();
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    username: `user${i}`,
    displayName: `User ${i}`,
    bio: '',
    avatarUrl: null,
    role: 'user',
    createdAt: '2026-01-01T00:00:00.000Z',
    followersCount: 0,
    followingCount: 0,
    postsCount: 0,
    ...overrides,
  };
}

export function me(overrides: Partial<Me> = {}): Me {
  return { ...aUser(), email: 'me@example.com', emailVerified: true, ...overrides };
}

export function aPost(overrides: Partial<Post> = {}): Post {
  const i = next();
  return {
    id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    slug: `post-${i}`,
    title: `Post ${i}`,
    body: 'Hello **world**',
    html: '<p>Hello <strong>world</strong></p>',
    excerpt: 'Hello world',
    readingTimeMinutes: 1,
    coverImage: null,
    seo: { metaTitle: null, metaDescription: null, socialImage: null, canonicalUrl: null },
    status: 'published',
    publishAt: null,
    publishedAt: '2026-01-02T00:00:00.000Z',
    createdAt: '2026-01-02T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    author: aUser(),
    tags: [],
    likesCount: 0,
    version: 1,
    commentsCount: 0,
    likedByMe: false,
    ...overrides,
  };
}

export function aComment(overrides: Partial<Comment> = {}): Comment {
  const i = next();
  return {
    id: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    postId: 'p',
    parentId: null,
    body: `Comment ${i}`,
    html: `<p>Comment ${i}</p>`,
    author: aUser(),
    createdAt: '2026-01-03T00:00:00.000Z',
    updatedAt: '2026-01-03T00:00:00.000Z',
    deleted: false,
    ...overrides,
  };
}
