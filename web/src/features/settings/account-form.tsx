import type { FormEvent } from 'react';
import { Field } from '../../components/ui/field';
import { Form } from '../../components/ui/form';
import { useCurrentUser } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useFormErrors } from '../../lib/use-form-errors';
import { checkMe, type MeChanges, useSaveMe } from './save-me';

/** Email and username changes need the current password. */
export function AccountForm() {
  const user = useCurrentUser();
  const saveMe = useSaveMe();
  const { fieldErrors, formError, setFieldErrors, clear, attempt } = useFormErrors();
  if (!user) return null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const email = String(form.get('email')).trim();
    const username = String(form.get('username')).trim().toLowerCase();
    const changes: MeChanges = { currentPassword: String(form.get('currentPassword')) };
    if (email !== user.email) changes.email = email;
    if (username !== user.username) changes.username = username;
    clear();
    if (!changes.email && !changes.username) return toast('Nothing to change.', 'info');
    const problems =
      checkMe(changes) ?? (!changes.currentPassword ? { currentPassword: ['Enter your current password'] } : null);
    if (problems) return setFieldErrors(problems);
    await attempt(async () => {
      const { pendingEmail } = await saveMe(changes);
      formElement.reset();
      toast(
        pendingEmail
          ? `Open the link we sent to ${pendingEmail} to start using it; until then your address stays ${user.email}.`
          : 'Account updated.',
        'success',
      );
    });
  };

  return (
    <Form
      onSubmit={submit}
      error={formError}
      heading={{ id: 'account-heading', text: 'Account' }}
      submit="Update account"
    >
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={user.email}
        errors={fieldErrors.email}
      />
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        defaultValue={user.username}
        errors={fieldErrors.username}
      />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        errors={fieldErrors.currentPassword}
      />
    </Form>
  );
}
