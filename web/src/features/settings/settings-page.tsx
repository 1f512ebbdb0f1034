import { lazy, Suspense } from 'react';
import { Skeleton } from '#web/components/ui/skeleton';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { accountParts } from '../account';
import { RequireAuth } from '../auth';
import { AccountForm } from './account-form';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';

const AccountSettings = lazy(() => accountParts.settingsSections().then((sections) => ({ default: sections })));

export function SettingsPage() {
  useDocumentTitle('Settings');
  return (
    <RequireAuth>
      <section className="settings">
        <h1>Settings</h1>
        <ProfileForm />
        <AccountForm />
        <PasswordForm />
        <Suspense fallback={<Skeleton lines={4} />}>
          <AccountSettings />
        </Suspense>
      </section>
    </RequireAuth>
  );
}
