import { Link, useNavigate } from 'react-router';
import { Field } from '#web/components/ui/field';
import { Form } from '#web/components/ui/form';
import { useFormSubmit } from '#web/components/ui/use-form-submit';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { register } from './auth-api';
import { checkRegistration } from './register-rules';

export function RegisterPage() {
  useDocumentTitle('Create an account');
  const navigate = useNavigate();
  const { fieldErrors, formError, busy, onSubmit } = useFormSubmit({
    read: (form) => ({
      email: String(form.get('email')),
      username: String(form.get('username')).trim().toLowerCase(),
      password: String(form.get('password')),
    }),
    check: checkRegistration,
    async write(input) {
      await register(input);
      navigate('/', { replace: true });
    },
  });

  return (
    <section className="auth-page">
      <h1>Create an account</h1>
      <Form onSubmit={onSubmit} error={formError} submit="Create account" busy={{ active: busy, label: 'Creating…' }}>
        <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          required
          hint="3–30 characters: a–z, 0–9, _ and -"
          errors={fieldErrors.username}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters"
          errors={fieldErrors.password}
        />
      </Form>
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
