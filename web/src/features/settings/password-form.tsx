import type { FormEvent } from 'react';
import { changePasswordBody } from '../../../../worker/src/schemas/auth';
import { Field } from '../../components/ui/field';
import { rpc, unwrap } from '../../lib/api-client';
import { toast } from '../../lib/toasts';
import { issuesToFieldErrors, useFormErrors } from '../../lib/use-form-errors';

export function PasswordForm() {
  const { fieldErrors, formError, setFieldErrors, clear, fromError } = useFormErrors();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = {
      currentPassword: String(form.get('currentPassword')),
      newPassword: String(form.get('newPassword')),
    };
    clear();
    const checked = changePasswordBody.safeParse(input);
    if (!checked.success) return setFieldErrors(issuesToFieldErrors(checked.error.issues));
    try {
      await unwrap(rpc().api.users.me.password.$post({ json: input }));
      formElement.reset();
      toast('Password changed. Other sessions were signed out.', 'success');
    } catch (error) {
      fromError(error);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="password-heading" noValidate>
      <h2 id="password-heading">Password</h2>
      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        errors={fieldErrors.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        errors={fieldErrors.newPassword}
      />
      <button type="submit" className="button-primary">
        Change password
      </button>
    </form>
  );
}
