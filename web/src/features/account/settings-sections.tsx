import { AccountActions } from './account-actions';
import { EmailSettingsForm } from './email-settings-form';

/** The account feature's part of the settings page: email notifications, sessions and data. */
export function AccountSettingsSections() {
  return (
    <>
      <EmailSettingsForm />
      <AccountActions />
    </>
  );
}
