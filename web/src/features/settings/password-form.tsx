import { changePasswordBody } from '../../../../worker/src/schemas/auth';
import { Field } from '../../components/ui/field';
import { Form } from '../../components/ui/form';
import { useFormSubmit } from '../../components/ui/use-form-submit';
import { rpc, unwrap } from '../../lib/api-client';
import { toast } from '../../lib/toasts';
import { issuesToFieldErrors } from '../../lib/use-form-errors';

export function PasswordForm() {
  const { fieldErrors, formError, onSubmit } = useFormSubmit({
    read: (form) => ({
      currentPassword: String(form.get('currentPassword')),
      newPassword: String(form.get('newPassword')),
    }),
    check(input) {
      const checked = changePasswordBody.safeParse(input);
      return checked.success ? null : issuesToFieldErrors(checked.error.issues);
    },
    async write(input) {
      await unwrap(rpc().api.users.me.password.$post({ json: input }));
      toast('Password changed. Other sessions were signed out.', 'success');
    },
    reset: true,
  });
  return (
    <Form
      onSubmit={onSubmit}
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
