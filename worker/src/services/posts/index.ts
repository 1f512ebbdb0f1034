export { deletePost } from './delete-post';
export { likePost, unlikePost } from './likes';
export { listDrafts, listPosts } from './list-posts';
export type { Page } from './post-cursor';
export type { PostView } from './post-view';
export { getPostBySlug } from './read-post';
export { createPost, updatePost } from './write-post';
export { restoreRevision } from './restore-revision';
export { getRevision, listRevisions } from './revisions';
