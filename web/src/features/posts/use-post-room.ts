import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { type Envelope, useRoom } from '#web/lib/realtime';
import { useSession } from '#web/lib/session';
import type { Post } from '#web/lib/types';
import { commentsQuery, upsertComment } from '../comments';
import { postQuery } from './queries';

const TYPING_SHOWN_MS = 4000;

/** Live comments, like counts, readers present and who is typing, written straight into the query cache. */
export function usePostRoom(post: Post | undefined) {
  const queryClient = useQueryClient();
  const session = useSession((s) => s.user?.id ?? null);
  const [readers, setReaders] = useState<number | null>(null);
  const [typing, setTyping] = useState<Record<string, number>>({});
  const slug = post?.slug ?? '';
  const slugRef = useRef(slug);
  slugRef.current = slug;

  const onMessage = (message: Envelope) => {
    const postKey = postQuery(slugRef.current).queryKey;
    const commentsKey = commentsQuery(slugRef.current).queryKey;
    switch (message.type) {
      case 'comment.created':
      case 'comment.updated':
        queryClient.setQueryData(commentsKey, (list) => upsertComment(list, message.data));
        break;
      case 'comment.deleted':
        queryClient.invalidateQueries({ queryKey: commentsKey });
        break;
      case 'post.liked': {
        const { likesCount } = message.data;
        queryClient.setQueryData(postKey, (p) => (p ? { ...p, likesCount } : p));
        break;
      }
      case 'post.updated':
        queryClient.setQueryData(postKey, (p) => (p ? { ...p, ...message.data } : p));
        break;
      case 'presence':
        setReaders(message.data.count);
        break;
      case 'typing':
        setTyping((t) => ({ ...t, [message.data.user.username]: Date.now() }));
        break;
    }
  };

  const send = useRoom(
    'post',
    post?.id ?? null,
    {
      onMessage,
      onResync: () => {
        queryClient.invalidateQueries({ queryKey: postQuery(slugRef.current).queryKey });
        queryClient.invalidateQueries({ queryKey: commentsQuery(slugRef.current).queryKey });
      },
    },
    session,
  );

  // Typing notices fade on their own; nobody sends a "stopped typing".
  useEffect(() => {
    if (Object.keys(typing).length === 0) return;
    const timer = setInterval(() => {
      const cutoff = Date.now() - TYPING_SHOWN_MS;
      setTyping((t) => Object.fromEntries(Object.entries(t).filter(([, at]) => at > cutoff)));
    }, 1000);
    return () => clearInterval(timer);
  }, [typing]);

  const me = useSession((s) => s.user?.username);
  return {
    readers,
    typing: Object.keys(typing).filter((name) => name !== me),
    sendTyping: () => send('typing'),
  };
}
