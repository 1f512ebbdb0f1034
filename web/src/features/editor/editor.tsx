import { useState } from 'react';
import { Field } from '#web/components/ui/field';
import { Status } from '#web/components/ui/status';
import { formatDate } from '#web/lib/format';
import type { Post } from '#web/lib/types';
import { useFormErrors } from '#web/lib/use-form-errors';
import { BodyField } from './body-field';
import { ConflictPanel } from './conflict-panel';
import { CoverUpload } from './cover-upload';
import { type DraftValues, dropLocalCopy, type LocalCopy, readLocalCopy, sameValues, valuesOf } from './local-copy';
import { imagesWithoutAlt } from './markdown-images';
import { MarkdownPreview } from './markdown-preview';
import { checkPost } from './post-rules';
import { PreviewLink } from './preview-link';
import { PublishControls } from './publish-controls';
import { RevisionsPanel } from './revisions-panel';
import { SeoFields } from './seo-fields';
import { TagsInput } from './tags-input';
import { type SaveState, useAutosave } from './use-autosave';
import { useLeaveGuard } from './use-leave-guard';

const saveLabels: Record<SaveState, string> = {
  idle: '',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  saved: 'All changes saved',
  error: 'Not saved: the server did not accept the last change. A copy is kept in this browser.',
  conflict: 'Not saved: this post changed elsewhere.',
};

export function Editor({ post, onCreated }: { post: Post | null; onCreated: (post: Post) => void }) {
  const [values, setValues] = useState(() => valuesOf(post));
  const [current, setCurrent] = useState(post);
  const [conflict, setConflict] = useState<{ theirs: Post; mine: DraftValues } | null>(null);
  const [offered, setOffered] = useState<LocalCopy | null>(() => {
    const copy = readLocalCopy(post?.slug ?? null);
    return copy && !sameValues(copy, valuesOf(post)) ? copy : null;
  });
  const { fieldErrors, setFieldErrors } = useFormErrors();
  const autosave = useAutosave({
    post,
    onCreated: (created) => {
      setCurrent(created);
      onCreated(created);
    },
    onFieldErrors: setFieldErrors,
    onConflict: setConflict,
  });
  useLeaveGuard(autosave.dirty);

  const update = (patch: Partial<DraftValues>) => {
    const next = { ...values, ...patch };
    setValues(next);
    setFieldErrors(checkPost(next));
    autosave.change(next);
  };

  /** Makes `saved` the version edits start from, optionally showing its text. */
  const adopt = (saved: Post, show: boolean) => {
    autosave.rebase(saved);
    setCurrent(saved);
    if (show) setValues(valuesOf(saved));
  };

  const flush = async ({ explicit = false } = {}) => {
    if (!current && !values.title && !values.body) return null;
    if (!current) autosave.change(values);
    return autosave.saveNow({ explicit });
  };

  return (
    <section className="editor">
      <div className="row spread">
        <h1>{current ? 'Edit post' : 'New post'}</h1>
        <Status className="save-state" aria-live="polite">
          {current ? <span className="badge">{current.status}</span> : null} {saveLabels[autosave.state]}
        </Status>
      </div>
      {conflict ? (
        <ConflictPanel
          theirs={conflict.theirs}
          mine={conflict.mine}
          onKeepMine={() => {
            adopt(conflict.theirs, false);
            setConflict(null);
            update(conflict.mine);
          }}
          onTakeTheirs={() => {
            adopt(conflict.theirs, true);
            dropLocalCopy(conflict.theirs.slug);
            setConflict(null);
          }}
        />
      ) : null}
      {offered ? (
        <section className="notice" aria-label="Unsaved copy found">
          <p>
            An unsaved copy of this post from {formatDate(offered.savedAt)}{' '}
            {new Date(offered.savedAt).toLocaleTimeString()} was found in this browser.
          </p>
          <div className="row">
            <button
              type="button"
              className="button-primary"
              onClick={() => {
                const { savedAt: _savedAt, ...copy } = offered;
                update(copy);
                setOffered(null);
              }}
            >
              Restore it
            </button>
            <button
              type="button"
              onClick={() => {
                dropLocalCopy(post?.slug ?? null);
                setOffered(null);
              }}
            >
              Discard it
            </button>
          </div>
        </section>
      ) : null}
      <Field
        label="Title"
        value={values.title}
        onChange={(e) => update({ title: e.target.value })}
        errors={fieldErrors.title}
      />
      <TagsInput tags={values.tags} onChange={(tags) => update({ tags })} errors={fieldErrors.tags} />
      <CoverUpload
        cover={values.coverImage}
        onChange={(coverImage) => update({ coverImage })}
        altErrors={fieldErrors['coverImage.alt']}
      />
      <div className="editor-panes">
        <BodyField body={values.body} onChange={(body) => update({ body })} errors={fieldErrors.body} />
        <MarkdownPreview source={values.body} />
      </div>
      <SeoFields seo={values.seo} onChange={(seo) => update({ seo })} errors={fieldErrors} />
      <PublishControls
        current={current}
        flush={flush}
        missingAlt={imagesWithoutAlt(values.body).length + (values.coverImage && !values.coverImage.alt ? 1 : 0)}
        onChanged={(changed) => adopt(changed, false)}
        onFieldErrors={setFieldErrors}
      />
      {current ? <PreviewLink post={current} /> : null}
      {current ? (
        <RevisionsPanel post={current} currentBody={values.body} onRestored={(restored) => adopt(restored, true)} />
      ) : null}
    </section>
  );
}
