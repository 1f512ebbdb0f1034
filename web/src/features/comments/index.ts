/** The comments feature's front door: other code imports only this. */
export { CommentsSection } from './comments-section';
export { commentsQuery, flattenThreads, upsertComment } from './queries';
