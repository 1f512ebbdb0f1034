import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { Field } from '#web/components/ui/field';
import { signOutLocally, useCurrentUser } from '#web/lib/session';
import { toast } from '#web/lib/toasts';
import { useFormErrors } from '#web/lib/use-form-errors';
import { accountApi } from './account-api';

function download(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** Sign out everywhere, download your data, delete the account. */
export function AccountActions() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<'everywhere' | 'export' | 'delete' | null>(null);
  const { fieldErrors, formError, setFieldErrors, clear, fromError } = useFormErrors();
  if (!user) return null;

  const signOutEverywhere = async () => {
    setBusy('everywhere');
    try {
      await accountApi.logoutEverywhere();
      // Leave the settings page first: signed out on it, it would ask to sign in to come back.
      await navigate('/login', { replace: true });
      signOutLocally();
      toast('Signed out on every device.', 'success');
    } catch {
      toast('Could not sign out everywhere. Try again.', 'error');
      setBusy(null);
    }
  };

  const exportData = async () => {
    setBusy('export');
    try {
      download(`${user.username}-export.json`, await accountApi.exportData());
      toast('Your data was downloaded.', 'success');
    } catch {
      toast('Could not prepare the download. Try again.', 'error');
    } finally {
      setBusy(null);
    }
  };

  const deleteAccount = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const currentPassword = String(new FormData(event.currentTarget).get('currentPassword'));
    clear();
    if (!currentPassword) return setFieldErrors({ currentPassword: ['Enter your password to delete the account'] });
    setBusy('delete');
    try {
      await accountApi.deleteAccount(currentPassword);
      await navigate('/', { replace: true });
      signOutLocally();
      toast('Your account was deleted.', 'success');
    } catch (error) {
      fromError(error);
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="sessions-heading" className="account-actions">
      <h2 id="sessions-heading">Sessions and data</h2>
      <div className="row">
        <button type="button" disabled={busy !== null} onClick={signOutEverywhere}>
          {busy === 'everywhere' ? 'Signing out…' : 'Sign out everywhere'}
        </button>
        <button type="button" disabled={busy !== null} onClick={exportData}>
          {busy === 'export' ? 'Preparing…' : 'Download your data'}
        </button>
      </div>
      <form onSubmit={deleteAccount} aria-labelledby="delete-heading" noValidate>
        <h3 id="delete-heading">Delete your account</h3>
        <p className="muted">
          Your posts, comments and likes are deleted at once. Replies other people wrote to your comments stay, under a
          “deleted” placeholder. This cannot be undone.
        </p>
        {formError ? (
          <p className="form-error" role="alert">
            {formError}
          </p>
        ) : null}
        <Field
          label="Password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          errors={fieldErrors.currentPassword}
        />
        <button type="submit" className="danger" disabled={busy !== null}>
          {busy === 'delete' ? 'Deleting…' : 'Delete my account'}
        </button>
      </form>
    </section>
  );
}
