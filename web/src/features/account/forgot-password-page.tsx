import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { Field } from '#web/components/ui/field';
import { Form } from '#web/components/ui/form';
import { Status } from '#web/components/ui/status';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { issuesToFieldErrors, useFormErrors } from '#web/lib/use-form-errors';
import { passwordResetBody } from '#worker/schemas/auth';
import { accountApi } from './account-api';

export function ForgotPasswordPage() {
  useDocumentTitle('Forgot your password');
  const { fieldErrors, formError, setFieldErrors, clear, fromError } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email')).trim();
    clear();
    const checked = passwordResetBody.safeParse({ email });
    if (!checked.success) return setFieldErrors(issuesToFieldErrors(checked.error.issues));
    setBusy(true);
    try {
      await accountApi.requestReset(email);
      setSentTo(email);
    } catch (error) {
      fromError(error);
    } finally {
      setBusy(false);
    }
  };

  if (sentTo) {
    return (
      <section className="auth-page">
        <h1>Check your inbox</h1>
        <Status>
          If an account uses <strong>{sentTo}</strong>, a link to choose a new password is on its way. It works once,
          for 30 minutes.
        </Status>
        <p>
          <Link to="/login">Back to log in</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="auth-page">
      <h1>Forgot your password?</h1>
      <p className="muted">Enter your email and we will send you a link to choose a new one.</p>
      <Form onSubmit={submit} error={formError} submit="Send the link" busy={{ active: busy, label: 'Sending…' }}>
        <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
      </Form>
      <p>
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
