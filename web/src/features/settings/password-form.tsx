import { Field } from '#web/components/ui/field';
import { Form } from '#web/components/ui/form';
import { useFormSubmit } from '#web/components/ui/use-form-submit';
import { rpc, unwrap } from '#web/lib/api-client';
import { toast } from '#web/lib/toasts';
import { issuesToFieldErrors } from '#web/lib/use-form-errors';
import { changePasswordBody } from '#worker/schemas/auth';

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
