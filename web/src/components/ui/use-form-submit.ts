import type { FormEvent } from 'react';
import { type FieldErrors, useFormErrors } from '#web/lib/use-form-errors';

interface Submission<Input> {
  /** The form's values; `undefined` ends the submit before any check (the reader told the user why). */
  read: (form: FormData) => Input | undefined;
  /** Client-side checks: any field error stops the submit before a request is made. */
  check?: (input: Input) => FieldErrors | null | undefined;
  /** The request and what follows it; a failure lands in the form's errors. */
  write: (input: Input) => Promise<void>;
  /** Empty the form after a successful write (forms holding passwords). */
  reset?: boolean;
}

/**
 * The submit of every `Form`: read the values, clear old errors, check, then write with `busy` set.
 * Returns the form's errors and busy state (`useFormErrors`) with the `onSubmit` handler.
 */
export function useFormSubmit<Input>({ read, check, write, reset }: Submission<Input>) {
  const errors = useFormErrors();
  const { clear, setFieldErrors, attempt } = errors;
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const input = read(new FormData(formElement));
    clear();
    if (input === undefined) return;
    const problems = check?.(input);
    if (problems) return setFieldErrors(problems);
    await attempt(async () => {
      await write(input);
      if (reset) formElement.reset();
    });
  };
  return { ...errors, onSubmit };
}
