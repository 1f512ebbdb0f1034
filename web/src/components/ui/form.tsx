import type { FormEvent, ReactNode } from 'react';

interface FormProps {
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** The whole-form message (`useFormErrors().formError`); field messages sit at their fields. */
  error: string | null | undefined;
  /** What the submit button says, and what it says while `busy`. */
  submit: string;
  busy?: { active: boolean; label: string };
  /** A heading inside the form that names it (`aria-labelledby` points at its id). */
  heading?: { id: string; text: string };
  children: ReactNode;
}

/**
 * Every form of the app: validated by us (noValidate), one alert line for the whole-form error,
 * the fields, and one primary submit button that is disabled while the form is busy.
 */
export function Form({ onSubmit, error, submit, busy, heading, children }: FormProps) {
  return (
    <form onSubmit={onSubmit} aria-labelledby={heading?.id} noValidate>
      {heading ? <h2 id={heading.id}>{heading.text}</h2> : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {children}
      <button type="submit" className="button-primary" disabled={busy?.active}>
        {busy?.active ? busy.label : submit}
      </button>
    </form>
  );
}
