import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { NotFound } from '#web/components/ui/not-found';
import { QueryError } from '#web/components/ui/query-error';
import { Skeleton } from '#web/components/ui/skeleton';
import { isApiError } from '#web/lib/api-error';
import { useCurrentUser } from '#web/lib/session';
import type { Post } from '#web/lib/types';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { RequireAuth } from '../auth';
import { postQuery } from '../posts';
import { Editor } from './editor';

export function EditorPage() {
  useDocumentTitle('Write');
  return (
    <RequireAuth>
      <EditorLoader />
    </RequireAuth>
  );
}

/**
 * Loads the post being edited. A post this editor just created keeps the same editor instance
 * while the URL moves from /write to /write/<slug>, so nothing typed meanwhile is lost.
 */
function EditorLoader() {
  const slug = useParams().slug ?? null;
  const navigate = useNavigate();
  const me = useCurrentUser();
  const [createdHere, setCreatedHere] = useState<string | null>(null);
  const loading = Boolean(slug) && slug !== createdHere;
  const result = useQuery({ ...postQuery(slug ?? ''), enabled: loading });

  const onCreated = (post: Post) => {
    setCreatedHere(post.slug);
    navigate(`/write/${post.slug}`, { replace: true });
  };

  if (loading) {
    if (result.isPending) return <Skeleton lines={8} label="Loading the post" />;
    if (result.isError) {
      if (isApiError(result.error, 404)) return <NotFound />;
      return <QueryError error={result.error} retry={() => result.refetch()} />;
    }
    if (result.data.author.id !== me?.id) return <NotFound />;
  }
  const post = loading ? (result.data ?? null) : null;
  return <Editor key={loading ? slug : 'new'} post={post} onCreated={onCreated} />;
}
