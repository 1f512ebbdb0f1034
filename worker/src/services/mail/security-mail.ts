import { type MailKind, securityMailKinds } from '#db/schema';
import type { MailContent } from './layout';

export const securityKinds: ReadonlySet<MailKind> = new Set(securityMailKinds);

const ifNotYou = 'If you did not ask for this, you can ignore this message: nothing changes until the link is opened.';

/** The words of each security message; `payload` holds the link and the strings it names. */
export function securityContent(kind: MailKind, payload: Record<string, unknown>, siteName: string): MailContent {
  const url = String(payload.url ?? '');
  switch (kind) {
    case 'password_reset':
      return {
        subject: `Reset your ${siteName} password`,
        paragraphs: ['Someone asked to reset the password of your account. Open the link to choose a new one.'],
        action: { label: 'Choose a new password', url },
        after: ['The link works once, for 30 minutes.', ifNotYou],
      };
    case 'password_changed':
      return {
        subject: `Your ${siteName} password was changed`,
        paragraphs: [
          'The password of your account was just changed, and every session was signed out.',
          'If this was not you, reset your password at once with the link below and check your email address in settings.',
        ],
        action: { label: 'Reset my password', url },
      };
    case 'email_verify':
      return {
        subject: `Confirm your email address for ${siteName}`,
        paragraphs: ['Confirm that this address is yours, so that we can send you notifications and digests.'],
        action: { label: 'Confirm my address', url },
        after: ['The link works once, for 7 days.', ifNotYou],
      };
    case 'email_change':
      return {
        subject: `Confirm your new email address for ${siteName}`,
        paragraphs: ['You asked to use this address for your account. Open the link to confirm the change.'],
        action: { label: 'Use this address', url },
        after: ['The link works once, for 24 hours.', ifNotYou],
      };
    case 'email_change_notice':
      return {
        subject: `Your ${siteName} email address is changing`,
        paragraphs: [
          `Someone with your password asked to move your account to ${String(payload.newEmail ?? '')}. The change happens once that address is confirmed.`,
          'If this was not you, undo it with the link below: your account stays at this address and every session is signed out.',
        ],
        action: { label: 'Undo the change', url },
        after: ['The undo link works once, for 7 days.'],
      };
    case 'account_deleted':
      return {
        subject: `Your ${siteName} account was deleted`,
        paragraphs: [
          `The account @${String(payload.username ?? '')} and everything it wrote were deleted, as you asked. This cannot be undone.`,
        ],
      };
    default:
      throw new Error(`${kind} is not a security message`);
  }
}
