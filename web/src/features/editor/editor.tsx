import { useId, useState } from 'react';
import { Field } from '../../components/ui/field';
import { Status } from '../../components/ui/status';
import { formatDate } from '../../lib/format';
import type { Post } from '../../lib/types';
import { useFormErrors } from '../../lib/use-form-errors';
import { CoverUpload } from './cover-upload';
import { type DraftValues, dropLocalCopy, type LocalCopy, readLocalCopy, sameValues } from './local-copy';
import { MarkdownPreview } from './markdown-preview';
import { checkPost } from './post-rules';
import { PublishControls } from './publish-controls';
import { TagsInput } from './tags-input';
import { type SaveState, useAutosave } from './use-autosave';
import { useLeaveGuard } from './use-leave-guard';

const valuesOf = (post: Post | null): DraftValues => ({
  title: post?.title ?? '',
  body: post?.body ?? '',
  tags: post?.tags ?? [],
  coverImage: post?.coverImage ?? null,
});

const saveLabels: Record<SaveState, string> = {
  idle: '',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  saved: 'All changes saved',
  error: 'Not saved: the server did not accept the last change. A copy is kept in this browser.',
};

export function Editor({ post, onCreated }: { post: Post | null; onCreated: (post: Post) => void }) {
  const bodyId = useId();
  const [values, setValues] = useState(() => valuesOf(post));
  const [current, setCurrent] = useState(post);
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
  });
  useLeaveGuard(autosave.dirty);

  const update = (patch: Partial<DraftValues>) => {
    const next = { ...values, ...patch };
    setValues(next);
    setFieldErrors(checkPost(next));
    autosave.change(next);
  };

  const flush = async () => {
    if (!current && !values.title && !values.body) return null;
    if (!current) autosave.change(values);
    return autosave.saveNow();
  };

  return (
    <section className="editor">
      <div className="row spread">
        <h1>{current ? 'Edit post' : 'New post'}</h1>
        <Status className="save-state" aria-live="polite">
          {current ? <span className="badge">{current.status}</span> : null} {saveLabels[autosave.state]}
        </Status>
      </div>
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
                update({
                  title: offered.title,
                  body: offered.body,
                  tags: offered.tags,
                  coverImage: offered.coverImage,
                });
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
        <div className="field">
          <label htmlFor={bodyId}>Body (Markdown)</label>
          <textarea
            id={bodyId}
            className="body"
            value={values.body}
            aria-invalid={fieldErrors.body ? true : undefined}
            onChange={(e) => update({ body: e.target.value })}
          />
          {fieldErrors.body ? <p className="field-error">{fieldErrors.body.join(' ')}</p> : null}
        </div>
        <MarkdownPreview source={values.body} />
      </div>
      <PublishControls current={current} flush={flush} onChanged={setCurrent} onFieldErrors={setFieldErrors} />
    </section>
  );
}
