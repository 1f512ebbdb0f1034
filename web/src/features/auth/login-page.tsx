import { Link, useNavigate, useSearchParams } from 'react-router';
import { Field } from '#web/components/ui/field';
import { Form } from '#web/components/ui/form';
import { useFormSubmit } from '#web/components/ui/use-form-submit';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { login } from './auth-api';
import { safeNext } from './safe-next';

export function LoginPage() {
  useDocumentTitle('Log in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { fieldErrors, formError, busy, onSubmit } = useFormSubmit({
    read: (form) => ({ email: String(form.get('email')), password: String(form.get('password')) }),
    async write(credentials) {
      await login(credentials);
      navigate(safeNext(params.get('next')), { replace: true });
    },
  });

  return (
    <section className="auth-page">
      <h1>Log in</h1>
      <Form onSubmit={onSubmit} error={formError} submit="Log in" busy={{ active: busy, label: 'Logging in…' }}>
        <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={fieldErrors.password}
        />
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/register">Create an account</Link>
      </p>
    </section>
  );
}
