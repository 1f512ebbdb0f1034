import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { rpc, unwrap } from '../../lib/api-client';
import { isApiError } from '../../lib/api-error';
import type { Post } from '../../lib/types';
import { type DraftValues, dropLocalCopy, writeLocalCopy } from './local-copy';

const AUTOSAVE_DELAY_MS = 1200;

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

interface Options {
  post: Post | null;
  onCreated: (post: Post) => void;
  onFieldErrors: (errors: Record<string, string[]>) => void;
}

function payloadOf(values: DraftValues) {
  return {
    title: values.title.trim() || 'Untitled',
    body: values.body,
    tags: values.tags,
    coverImage: values.coverImage,
  };
}

/**
 * Every change is copied to localStorage at once and sent to the server after a pause in typing.
 * Saves run one at a time; a change made during a save is sent right after it.
 */
export function useAutosave({ post, onCreated, onFieldErrors }: Options) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SaveState>('idle');
  const slugRef = useRef<string | null>(post?.slug ?? null);
  const latest = useRef<DraftValues | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const running = useRef<Promise<void> | null>(null);
  const lastSaved = useRef<Post | null>(post);
  const callbacks = useRef({ onCreated, onFieldErrors });
  callbacks.current = { onCreated, onFieldErrors };
  slugRef.current = post?.slug ?? slugRef.current;

  const send = useCallback(
    async (values: DraftValues): Promise<Post> => {
      const slug = slugRef.current;
      const saved = slug
        ? (
            await unwrap(
              rpc().api.posts[':slug'].$patch({ param: { slug: encodeURIComponent(slug) }, json: payloadOf(values) }),
            )
          ).post
        : (await unwrap(rpc().api.posts.$post({ json: { ...payloadOf(values), status: 'draft' } }))).post;
      queryClient.setQueryData(['post', saved.slug], saved);
      if (!slug) {
        slugRef.current = saved.slug;
        dropLocalCopy(null);
        callbacks.current.onCreated(saved);
      }
      return saved;
    },
    [queryClient],
  );

  /** Sends what is pending now (and waits for a save under way); resolves to the saved post, if any. */
  const saveNow = useCallback(async (): Promise<Post | null> => {
    clearTimeout(timer.current);
    while (running.current) await running.current;
    const values = latest.current;
    if (!values) return lastSaved.current;
    latest.current = null;
    setState('saving');
    const task = send(values);
    running.current = task.then(
      () => undefined,
      () => undefined,
    );
    try {
      const saved = await task;
      lastSaved.current = saved;
      if (latest.current) {
        setState('pending');
        timer.current = setTimeout(() => saveNow().catch(() => undefined), AUTOSAVE_DELAY_MS);
      } else {
        dropLocalCopy(saved.slug);
        setState('saved');
      }
      return saved;
    } catch (error) {
      // Keep the unsent values: the next change, or the next explicit save, sends them.
      latest.current ??= values;
      setState('error');
      if (isApiError(error, 422)) callbacks.current.onFieldErrors(error.fieldErrors);
      throw error;
    } finally {
      running.current = null;
    }
  }, [send]);

  const change = useCallback(
    (values: DraftValues) => {
      writeLocalCopy(slugRef.current, values);
      latest.current = values;
      setState('pending');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => saveNow().catch(() => undefined), AUTOSAVE_DELAY_MS);
    },
    [saveNow],
  );

  useEffect(() => () => clearTimeout(timer.current), []);

  const dirty = state === 'pending' || state === 'saving' || state === 'error';
  return { state, dirty, change, saveNow, slug: slugRef.current };
}
