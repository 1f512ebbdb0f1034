import { type KeyboardEvent, useId, useState } from 'react';

const MAX_TAGS = 10;

/** Type a tag and press Enter or comma; Backspace on an empty box removes the last one. */
export function TagsInput({
  tags,
  onChange,
  errors,
}: {
  tags: string[];
  onChange: (tags: string[]) => void;
  errors?: string[];
}) {
  const id = useId();
  const [text, setText] = useState('');
  const add = () => {
    const tag = text.trim().replace(/^#/, '');
    setText('');
    if (!tag || tags.includes(tag) || tags.length >= MAX_TAGS) return;
    onChange([...tags, tag]);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && !text && tags.length) {
      onChange(tags.slice(0, -1));
    }
  };
  return (
    <div className="tags-input field">
      <label htmlFor={id}>Tags</label>
      {tags.length ? (
        <ul aria-label="Tags on this post">
          {tags.map((tag) => (
            <li key={tag}>
              {tag}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Remove tag ${tag}`}
                onClick={() => onChange(tags.filter((t) => t !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={id}
        value={text}
        placeholder={tags.length >= MAX_TAGS ? 'Tag limit reached' : 'Add a tag and press Enter'}
        aria-invalid={errors?.length ? true : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={add}
      />
      {errors?.length ? <p className="field-error">{errors.join(' ')}</p> : null}
    </div>
  );
}
