import { useMutation, useQueryClient } from '@tanstack/react-query';
import { rpc, unwrap } from '#web/lib/api-client';
import { useCurrentUser } from '#web/lib/session';
import { toast } from '#web/lib/toasts';
import type { Comment } from '#web/lib/types';
import { commentsQuery, upsertComment } from './queries';

/** Posting shows the comment at once; a failure takes it back out and says so. */
export function useAddComment(slug: string, postId: string) {
  const queryClient = useQueryClient();
  const user = useCurrentUser();
  const key = commentsQuery(slug).queryKey;
  return useMutation({
    mutationFn: (input: { body: string; parentId?: string | null }) =>
      unwrap(
        rpc().api.posts[':slug'].comments.$post({
          param: { slug: encodeURIComponent(slug) },
          json: { body: input.body, ...(input.parentId ? { parentId: input.parentId } : {}) },
        }),
      ).then((r) => r.comment),
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData(key);
      const now = new Date().toISOString();
      const tempId = `pending-${now}-${Math.random()}`;
      if (user) {
        const pending: Comment = {
          id: tempId,
          postId,
          parentId: input.parentId ?? null,
          body: input.body,
          html: '',
          author: user,
          createdAt: now,
          updatedAt: now,
          deleted: false,
        };
        queryClient.setQueryData(key, (list) => upsertComment(list, pending));
      }
      return { previous, tempId };
    },
    onError: (_error, _input, context) => {
      queryClient.setQueryData(key, context?.previous);
      toast('Your comment could not be posted. Please try again.', 'error');
    },
    onSuccess: (comment, _input, context) => {
      queryClient.setQueryData(key, (list) =>
        upsertComment(
          list?.filter((c) => c.id !== context?.tempId),
          comment,
        ),
      );
    },
  });
}

export function useDeleteComment(slug: string) {
  const queryClient = useQueryClient();
  const key = commentsQuery(slug).queryKey;
  return useMutation({
    mutationFn: (id: string) => unwrap(rpc().api.comments[':id'].$delete({ param: { id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
    onError: () => toast('The comment could not be deleted.', 'error'),
  });
}
