import { useDocumentTitle } from '../../lib/use-document-title';
import { AccountActions, EmailSettingsForm } from '../account';
import { RequireAuth } from '../auth';
import { AccountForm } from './account-form';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';

export function SettingsPage() {
  useDocumentTitle('Settings');
  return (
    <RequireAuth>
      <section className="settings">
        <h1>Settings</h1>
        <ProfileForm />
        <AccountForm />
        <PasswordForm />
        <EmailSettingsForm />
        <AccountActions />
      </section>
    </RequireAuth>
  );
}
