import type { FormEvent } from 'react';
import { changePasswordBody } from '../../../../worker/src/schemas/auth';
import { Field } from '../../components/ui/field';
import { Form } from '../../components/ui/form';
import { rpc, unwrap } from '../../lib/api-client';
import { toast } from '../../lib/toasts';
import { issuesToFieldErrors, useFormErrors } from '../../lib/use-form-errors';

export function PasswordForm() {
  const { fieldErrors, formError, setFieldErrors, clear, attempt } = useFormErrors();
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
    await attempt(async () => {
      await unwrap(rpc().api.users.me.password.$post({ json: input }));
      formElement.reset();
      toast('Password changed. Other sessions were signed out.', 'success');
    });
  };
  return (
    <Form
      onSubmit={submit}
      error={formError}
      heading={{ id: 'password-heading', text: 'Password' }}
      submit="Change password"
    >
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
    </Form>
  );
}
