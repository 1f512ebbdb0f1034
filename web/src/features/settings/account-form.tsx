import { Field } from '#web/components/ui/field';
import { Form } from '#web/components/ui/form';
import { useFormSubmit } from '#web/components/ui/use-form-submit';
import { useCurrentUser } from '#web/lib/session';
import { toast } from '#web/lib/toasts';
import { checkMe, type MeChanges, useSaveMe } from './save-me';

/** Email and username changes need the current password. */
export function AccountForm() {
  const user = useCurrentUser();
  const saveMe = useSaveMe();
  const { fieldErrors, formError, onSubmit } = useFormSubmit({
    read(form) {
      const email = String(form.get('email')).trim();
      const username = String(form.get('username')).trim().toLowerCase();
      const changes: MeChanges = { currentPassword: String(form.get('currentPassword')) };
      if (email !== user?.email) changes.email = email;
      if (username !== user?.username) changes.username = username;
      if (changes.email || changes.username) return changes;
      toast('Nothing to change.', 'info');
      return undefined;
    },
    check: (changes) =>
      checkMe(changes) ?? (!changes.currentPassword ? { currentPassword: ['Enter your current password'] } : null),
    async write(changes) {
      const { pendingEmail } = await saveMe(changes);
      toast(
        pendingEmail
          ? `Open the link we sent to ${pendingEmail} to start using it; until then your address stays ${user?.email}.`
          : 'Account updated.',
        'success',
      );
    },
    reset: true,
  });
  if (!user) return null;

  return (
    <Form
      onSubmit={onSubmit}
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
