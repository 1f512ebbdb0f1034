import { type FormEvent, useId, useRef, useState } from 'react';

interface Props {
  label: string;
  submitLabel: string;
  onSubmit: (body: string) => void;
  onTyping?: () => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}

export function CommentForm({ label, submitLabel, onSubmit, onTyping, onCancel, autoFocus }: Props) {
  const id = useId();
  const [body, setBody] = useState('');
  const lastTyping = useRef(0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    onSubmit(body.trim());
    setBody('');
  };
  return (
    <form className="comment-form" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={3}
        value={body}
        // biome-ignore lint/a11y/noAutofocus: a reply form opens because the user asked to reply
        autoFocus={autoFocus}
        onChange={(e) => {
          setBody(e.target.value);
          // Tell the room at most every 2 s, not on every key.
          if (onTyping && Date.now() - lastTyping.current > 2000) {
            lastTyping.current = Date.now();
            onTyping();
          }
        }}
      />
      <div className="row">
        <button type="submit" className="button-primary" disabled={!body.trim()}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
