import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { rpc, unwrap } from '#web/lib/api-client';
import { isApiError } from '#web/lib/api-error';
import type { Post } from '#web/lib/types';
import { type DraftValues, dropLocalCopy, emptySeo, seoPayload, valuesOf, writeLocalCopy } from './local-copy';

const AUTOSAVE_DELAY_MS = 1200;

const emptyDraft: DraftValues = { title: '', body: '', tags: [], coverImage: null, seo: emptySeo };

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error' | 'conflict';

interface Options {
  post: Post | null;
  onCreated: (post: Post) => void;
  onFieldErrors: (errors: Record<string, string[]>) => void;
  /** The post changed elsewhere (another tab or device): `theirs` is it now, `mine` what was not saved. */
  onConflict: (conflict: { theirs: Post; mine: DraftValues }) => void;
}

function payloadOf(values: DraftValues) {
  return {
    title: values.title.trim() || 'Untitled',
    body: values.body,
    tags: values.tags,
    coverImage: values.coverImage,
    seo: seoPayload(values.seo),
  };
}

/**
 * Every change is copied to localStorage at once and sent to the server after a pause in typing.
 * Saves run one at a time; a change made during a save is sent right after it.
 */
export function useAutosave({ post, onCreated, onFieldErrors, onConflict }: Options) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SaveState>('idle');
  const slugRef = useRef<string | null>(post?.slug ?? null);
  const latest = useRef<DraftValues | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const running = useRef<Promise<void> | null>(null);
  const lastSaved = useRef<Post | null>(post);
  const callbacks = useRef({ onCreated, onFieldErrors, onConflict });
  callbacks.current = { onCreated, onFieldErrors, onConflict };
  // The version every edit is made from: a save from an older one is refused, never lost silently.
  const version = useRef(post?.version ?? 1);
  slugRef.current = post?.slug ?? slugRef.current;

  const send = useCallback(
    async (values: DraftValues | null, saveRevision: boolean): Promise<Post> => {
      const slug = slugRef.current;
      const edit = { ...(values ? payloadOf(values) : {}), version: version.current, saveRevision };
      const saved = slug
        ? (await unwrap(rpc().api.posts[':slug'].$patch({ param: { slug: encodeURIComponent(slug) }, json: edit })))
            .post
        : (await unwrap(rpc().api.posts.$post({ json: { ...payloadOf(values ?? emptyDraft), status: 'draft' } }))).post;
      version.current = saved.version;
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

  /**
   * Sends what is pending now (and waits for a save under way); resolves to the saved post, if any.
   * An explicit save (the Save button) keeps a revision even when nothing is pending.
   */
  const saveNow = useCallback(
    async ({ explicit = false } = {}): Promise<Post | null> => {
      clearTimeout(timer.current);
      while (running.current) await running.current;
      const values = latest.current;
      if (!values && !(explicit && slugRef.current)) return lastSaved.current;
      latest.current = null;
      setState('saving');
      const task = send(values, explicit);
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
        const theirs = isApiError(error, 409) ? (error.details?.post as Post | undefined) : undefined;
        if (theirs) {
          setState('conflict');
          callbacks.current.onConflict({ theirs, mine: latest.current ?? valuesOf(theirs) });
          return null;
        }
        setState('error');
        if (isApiError(error, 422)) callbacks.current.onFieldErrors(error.fieldErrors);
        throw error;
      } finally {
        running.current = null;
      }
    },
    [send],
  );

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

  /** After a conflict or a restore: edits from now on are made from `post`'s version. */
  const rebase = useCallback((post: Post) => {
    version.current = post.version;
    lastSaved.current = post;
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  const dirty = state === 'pending' || state === 'saving' || state === 'error' || state === 'conflict';
  return { state, dirty, change, saveNow, rebase, slug: slugRef.current };
}
