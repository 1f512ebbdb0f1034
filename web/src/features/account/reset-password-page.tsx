import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Field } from '#web/components/ui/field';
import { Form } from '#web/components/ui/form';
import { isApiError } from '#web/lib/api-error';
import { toast } from '#web/lib/toasts';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { useFormErrors } from '#web/lib/use-form-errors';
import { newPasswordSchema } from '#worker/schemas/users';
import { accountApi } from './account-api';
import { LinkProblem } from './link-problem';

export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { fieldErrors, formError, setFieldErrors, clear, fromError } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [linkInvalid, setLinkInvalid] = useState(!token);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password'));
    clear();
    const checked = newPasswordSchema.safeParse(password);
    if (!checked.success) return setFieldErrors({ password: checked.error.issues.map((i) => i.message) });
    if (password !== String(form.get('confirm'))) return setFieldErrors({ confirm: ['The passwords do not match'] });
    setBusy(true);
    try {
      await accountApi.confirmReset(token, password);
      toast('Password changed. Every session was signed out; log in with the new password.', 'success');
      navigate('/login', { replace: true });
    } catch (error) {
      if (isApiError(error) && error.code === 'link_invalid') setLinkInvalid(true);
      else fromError(error);
    } finally {
      setBusy(false);
    }
  };

  if (linkInvalid) {
    return (
      <LinkProblem title="This reset link no longer works">
        Reset links work once, for 30 minutes, and only the newest one sent.{' '}
        <Link to="/forgot-password">Ask for a new link</Link>.
      </LinkProblem>
    );
  }
  return (
    <section className="auth-page">
      <h1>Choose a new password</h1>
      <Form onSubmit={submit} error={formError} submit="Set the password" busy={{ active: busy, label: 'Saving…' }}>
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters; a long phrase is best."
          errors={fieldErrors.password}
        />
        <Field
          label="Repeat the new password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          errors={fieldErrors.confirm}
        />
      </Form>
    </section>
  );
}
