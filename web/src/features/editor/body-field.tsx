import { useId, useRef } from 'react';
import { isApiError } from '#web/lib/api-error';
import { toast } from '#web/lib/toasts';
import { uploadMedia } from '#web/lib/upload-media';
import { imagesWithoutAlt, insertAt, replacePlaceholder, setAltText, uploadPlaceholder } from './markdown-images';

interface Props {
  body: string;
  onChange: (body: string) => void;
  errors?: string[];
}

/** The images among `files`; anything else is named in a toast and left out (nothing is inserted for it). */
function imageFiles(files: FileList | null | undefined): File[] {
  const all = [...(files ?? [])];
  for (const file of all.filter((f) => !f.type.startsWith('image/'))) {
    toast(`${file.name}: only images can be inserted in the text.`, 'error');
  }
  return all.filter((file) => file.type.startsWith('image/'));
}

/**
 * The markdown body with images: a button, paste and drag-and-drop all upload at the cursor,
 * showing progress in the text itself; a failed upload leaves nothing behind, and images without
 * alt text are listed under the field until they have one.
 */
export function BodyField({ body, onChange, errors }: Props) {
  const bodyId = useId();
  const fileId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  // Uploads finish after later keystrokes: always edit the newest text, never the one they started from.
  const latest = useRef(body);
  latest.current = body;
  const set = (text: string) => {
    latest.current = text;
    onChange(text);
  };

  const finishUpload = async (file: File, id: string) => {
    try {
      const media = await uploadMedia(file, (fraction) =>
        set(replacePlaceholder(latest.current, id, uploadPlaceholder(id, file.name, fraction))),
      );
      set(replacePlaceholder(latest.current, id, `![](${media.url})`));
    } catch (error) {
      set(replacePlaceholder(latest.current, id, ''));
      toast(`${file.name}: ${isApiError(error) ? error.message : 'the upload failed.'}`, 'error');
    }
  };

  /** Puts each file's placeholder at the cursor (one after another) and uploads them all at once. */
  const uploadAll = (files: File[]) => {
    if (files.length === 0) return;
    const field = textarea.current;
    let start = field?.selectionStart ?? latest.current.length;
    let end = field?.selectionEnd ?? start;
    for (const file of files) {
      const id = crypto.randomUUID().slice(0, 8);
      const inserted = insertAt(latest.current, start, end, uploadPlaceholder(id, file.name, 0));
      set(inserted.text);
      start = end = inserted.cursor;
      void finishUpload(file, id);
    }
    requestAnimationFrame(() => textarea.current?.setSelectionRange(start, start));
  };

  const missingAlt = imagesWithoutAlt(body);
  return (
    <div className="field body-field">
      <div className="row spread">
        <label htmlFor={bodyId}>Body (Markdown)</label>
        <label htmlFor={fileId} className="button">
          Insert image
        </label>
        <input
          id={fileId}
          type="file"
          accept="image/*"
          multiple
          className="visually-hidden"
          aria-label="Insert image"
          onChange={(e) => {
            uploadAll(imageFiles(e.target.files));
            e.target.value = '';
          }}
        />
      </div>
      <textarea
        id={bodyId}
        ref={textarea}
        className="body"
        value={body}
        aria-invalid={errors ? true : undefined}
        onChange={(e) => set(e.target.value)}
        onPaste={(e) => {
          if (e.clipboardData.files.length === 0) return;
          e.preventDefault();
          uploadAll(imageFiles(e.clipboardData.files));
        }}
        onDragOver={(e) => {
          if ([...e.dataTransfer.items].some((item) => item.kind === 'file')) e.preventDefault();
        }}
        onDrop={(e) => {
          if (e.dataTransfer.files.length === 0) return;
          // Any dropped file is ours to handle: left to the browser, it would open in place of the editor.
          e.preventDefault();
          uploadAll(imageFiles(e.dataTransfer.files));
        }}
      />
      {errors ? <p className="field-error">{errors.join(' ')}</p> : null}
      {missingAlt.length > 0 ? (
        <MissingAlt urls={missingAlt} onDescribe={(url, alt) => set(setAltText(latest.current, url, alt))} />
      ) : null}
    </div>
  );
}

/** Asks for a description of each image without one; readers who cannot see it get nothing otherwise. */
function MissingAlt({ urls, onDescribe }: { urls: string[]; onDescribe: (url: string, alt: string) => void }) {
  return (
    <section className="notice missing-alt" aria-label="Images without alt text">
      <p>
        {urls.length === 1 ? 'An image has' : `${urls.length} images have`} no alt text. Describe each for people who
        cannot see it:
      </p>
      {urls.map((url, index) => (
        <form
          key={url}
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const alt = new FormData(e.currentTarget).get('alt');
            if (typeof alt === 'string' && alt.trim()) onDescribe(url, alt);
          }}
        >
          <img src={url} alt="" className="alt-thumb" />
          <input name="alt" aria-label={`Alt text for image ${index + 1}`} placeholder="What does it show?" />
          <button type="submit">Set alt text</button>
        </form>
      ))}
    </section>
  );
}
