import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '#web/lib/api-error';
import { useCurrentUser } from '#web/lib/session';
import { toast } from '#web/lib/toasts';
import { accountApi } from './account-api';

/** Until the address is verified: a reminder under the header, with a way to send the link again. */
export function VerifyBanner() {
  const user = useCurrentUser();
  const [busy, setBusy] = useState(false);
  if (!user || user.emailVerified) return null;
  const resend = async () => {
    setBusy(true);
    try {
      await accountApi.resendVerification();
      toast(`A new link is on its way to ${user.email}.`, 'success');
    } catch (error) {
      toast(
        isApiError(error, 429) ? 'Links were sent a moment ago; try again later.' : 'Could not send the link.',
        'error',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="banner" aria-label="Email address not confirmed">
      <p>
        Confirm <strong>{user.email}</strong> to get notification emails: open the link we sent you. Wrong address?{' '}
        <Link to="/settings">Change it in settings</Link>.
      </p>
      <button type="button" className="link" disabled={busy} onClick={resend}>
        {busy ? 'Sending…' : 'Send the link again'}
      </button>
    </section>
  );
}
