import { useId, useState } from 'react';
import { isApiError } from '#web/lib/api-error';
import { uploadMedia } from '#web/lib/upload-media';

interface Props {
  cover: { url: string; alt: string } | null;
  onChange: (cover: { url: string; alt: string } | null) => void;
  altErrors?: string[];
}

export function CoverUpload({ cover, onChange, altErrors }: Props) {
  const fileId = useId();
  const altId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const media = await uploadMedia(file, setProgress);
      onChange({ url: media.url, alt: cover?.alt ?? '' });
    } catch (e) {
      setError(isApiError(e) ? e.message : 'The upload failed.');
    } finally {
      setProgress(null);
    }
  };

  return (
    <fieldset className="cover-upload">
      <legend className="label">Cover image</legend>
      {cover ? (
        <img className="cover-preview" src={cover.url} alt={cover.alt || 'Cover preview (no alt text yet)'} />
      ) : null}
      <label htmlFor={fileId}>{cover ? 'Replace image' : 'Upload an image'}</label>
      <input id={fileId} type="file" accept="image/*" onChange={(e) => pick(e.target.files?.[0])} />
      {progress !== null ? (
        <progress aria-label="Upload progress" max={1} value={progress}>
          {Math.round(progress * 100)}%
        </progress>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {cover ? (
        <div className="field">
          <label htmlFor={altId}>Alt text (describe the image for people who cannot see it)</label>
          <input
            id={altId}
            value={cover.alt}
            aria-invalid={altErrors?.length ? true : undefined}
            onChange={(e) => onChange({ ...cover, alt: e.target.value })}
          />
          {altErrors?.length ? <p className="field-error">{altErrors.join(' ')}</p> : null}
          <button type="button" className="link danger" onClick={() => onChange(null)}>
            Remove cover
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
