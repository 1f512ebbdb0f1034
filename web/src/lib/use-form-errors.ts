import { useCallback, useState } from 'react';
import { isApiError } from './api-error';
import { toast } from './toasts';

export type FieldErrors = Record<string, string[]>;

/**
 * Holds per-field errors of a form: from client-side schema checks, or from the API's 422/409
 * details. Any other failure becomes a toast and a form-level message.
 */
export function useFormErrors() {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const clear = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  const fromError = useCallback((error: unknown) => {
    if (isApiError(error)) {
      const fields = error.fieldErrors;
      setFieldErrors(fields);
      setFormError(Object.keys(fields).length ? null : error.message);
      if (error.status === 429) toast(error.message, 'error');
      return;
    }
    setFormError('Could not reach the server. Check your connection and try again.');
  }, []);

  const [busy, setBusy] = useState(false);
  /** Runs the form's write with `busy` set; a failure lands in the form's errors instead of throwing. */
  const attempt = useCallback(
    async (write: () => Promise<void>) => {
      setBusy(true);
      try {
        await write();
      } catch (error) {
        fromError(error);
      } finally {
        setBusy(false);
      }
    },
    [fromError],
  );

  return { fieldErrors, formError, setFieldErrors, clear, fromError, busy, attempt };
}

/** Turns zod-style issues ({ path, message }) into field errors. */
export function issuesToFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    out[key] ??= [];
    out[key].push(issue.message);
  }
  return out;
}
