import { z } from 'zod';

/** Comment bodies are markdown; the cap keeps one comment from becoming a document. */
export const commentBodyMaxLength = 10_000;

const commentBody = z
  .string()
  .trim()
  .min(1, 'Comment cannot be empty')
  .max(commentBodyMaxLength, `Comment must be at most ${commentBodyMaxLength} characters`);

export const createCommentBody = z.object({
  body: commentBody,
  parentId: z.uuid('parentId must be a comment id').nullish(),
});

export const updateCommentBody = z.object({ body: commentBody });

export const listCommentsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export type CreateCommentBody = z.infer<typeof createCommentBody>;
export type UpdateCommentBody = z.infer<typeof updateCommentBody>;
export type ListCommentsQuery = z.infer<typeof listCommentsQuery>;
