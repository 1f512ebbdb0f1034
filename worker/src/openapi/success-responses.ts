import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { responseBodies as body } from '../schemas/responses';

type Answer = readonly [status: number, description: string, schema?: z.ZodType];

/** The success answer of each JSON operation, by `method path` as the document spells them. */
const answers: Record<string, Answer> = {
  'post /api/auth/register': [201, 'The new account, signed in', body.session],
  'post /api/auth/login': [200, 'Signed in', body.session],
  'post /api/auth/refresh': [200, 'A fresh token pair (the old refresh token is spent)', body.tokens],
  'post /api/auth/logout': [204, 'The session is ended'],
  'post /api/auth/logout-all': [204, 'Every session of the caller is ended'],
  'post /api/auth/password-reset': [202, 'A reset link is mailed if the address has an account', body.accepted],
  'post /api/auth/password-reset/confirm': [204, 'The password is changed and every session ended'],
  'post /api/auth/verify-email': [204, 'The address is verified'],
  'post /api/auth/verify-email/resend': [202, 'A new verification link is mailed', body.accepted],
  'post /api/auth/email-change/confirm': [204, 'The new address is in use'],
  'post /api/auth/email-change/undo': [204, 'The old address is back'],
  'delete /api/users/me': [204, 'The account and its content are deleted'],
  'get /api/users/me/export': [200, 'Everything the platform holds about the caller', body.accountExport],
  'get /api/users/me/email-preferences': [200, 'Which mail the caller receives', body.emailPreferences],
  'put /api/users/me/email-preferences': [200, 'The saved preferences', body.emailPreferences],
  'get /api/admin/users/{username}': [200, 'Account state for moderation', body.accountState],
  'get /api/users/me': [200, 'The signed-in user', body.ownUser],
  'patch /api/users/me': [200, 'The updated user', body.ownUser],
  'post /api/users/me/password': [204, 'Password changed; other sessions are revoked'],
  'get /api/users/{username}': [200, 'A public profile', body.profile],
  'post /api/users/{username}/follow': [200, 'Now following', body.follow],
  'delete /api/users/{username}/follow': [200, 'No longer following', body.follow],
  'get /api/feed': [200, 'Posts by people the caller follows', body.posts],
  'post /api/posts': [201, 'The created post', body.post],
  'get /api/posts': [200, 'Published posts', body.posts],
  'get /api/posts/drafts': [200, "The caller's drafts and scheduled posts", body.posts],
  'get /api/posts/{slug}': [200, 'The post (a renamed slug answers 301 to the new one)', body.post],
  'patch /api/posts/{slug}': [
    200,
    'The updated post, with its ETag. An edit made from an older version (the `version` field, or `If-Match` with the ETag a GET answered, weak or strong) is 409 `conflict` with the current post; a malformed If-Match is 400 (ADR 0083)',
    body.post,
  ],
  'delete /api/posts/{slug}': [204, 'The post is deleted'],
  'get /api/posts/{slug}/revisions': [200, 'Earlier versions, newest first', body.revisions],
  'get /api/posts/{slug}/revisions/{id}': [200, 'One earlier version with its body', body.revision],
  'post /api/posts/{slug}/revisions/{id}/restore': [200, 'The post, restored to that version', body.post],
  'post /api/posts/{slug}/preview-link': [201, 'A secret link to the unpublished post', body.previewLink],
  'delete /api/posts/{slug}/preview-link': [204, 'The preview link no longer works'],
  'post /api/posts/{slug}/like': [200, 'Liked', body.like],
  'delete /api/posts/{slug}/like': [200, 'Not liked', body.like],
  'get /api/posts/{slug}/comments': [200, 'Top-level comments with their replies', body.comments],
  'post /api/posts/{slug}/comments': [201, 'The new comment', body.comment],
  'patch /api/comments/{id}': [200, 'The edited comment', body.comment],
  'delete /api/comments/{id}': [204, 'The comment is deleted'],
  'get /api/preview/{token}': [200, 'The unpublished post behind a preview link', body.preview],
  'get /api/tags': [200, 'Tags by number of posts', body.tags],
  'get /api/tags/{slug}/posts': [200, 'Published posts with the tag', body.posts],
  'get /api/search': [200, 'Matching published posts, best first', body.posts],
  'get /api/notifications': [200, "The caller's notifications, newest first", body.notifications],
  'get /api/notifications/unread-count': [200, 'How many are unread', body.count],
  'post /api/notifications/read-all': [204, 'All are read'],
  'post /api/notifications/{id}/read': [204, 'It is read'],
  'post /api/realtime/ticket': [200, 'A short-lived ticket to join the room', body.ticket],
  'get /api/realtime/rooms/{party}/{id}/events': [200, 'Room events after `since`', body.roomEvents],
  'get /api/realtime/rooms/post/{id}/public': [200, 'Whether the post room is public', body.roomPublic],
  'post /api/admin/users/{username}/suspend': [204, 'The user is suspended and signed out'],
  'post /api/admin/users/{username}/unsuspend': [204, 'The user may sign in again'],
  'get /api/health': [200, 'The database answers', body.health],
};

/** Answers besides the success one that still carry a non-error body. */
const otherAnswers: Record<string, Answer> = {
  'get /api/health': [503, 'The database does not answer', body.health],
  'patch /api/users/me': [202, 'Saved; the new email address takes effect once its link is opened', body.pendingEmail],
};

const jsonSchemaOf = (schema: z.ZodType) => {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  return json as OpenAPIV3_1.SchemaObject;
};

/** Adds the documented answers of `method path`, unless its route describes them itself. */
export function addSuccessResponses(key: string, responses: OpenAPIV3_1.ResponsesObject) {
  // hono-openapi puts an empty 200 on routes that describe nothing; the real answer replaces it.
  const placeholder = responses[200];
  if (answers[key] && placeholder && !('$ref' in placeholder) && !placeholder.content) delete responses[200];
  for (const answer of [answers[key], otherAnswers[key]]) {
    if (!answer) continue;
    const [status, description, schema] = answer;
    responses[status] ??= schema
      ? { description, content: { 'application/json': { schema: jsonSchemaOf(schema) } } }
      : { description };
  }
}
