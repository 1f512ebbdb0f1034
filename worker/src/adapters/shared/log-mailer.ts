import type { Logger, Mailer } from '#worker/ports';

/**
 * Local `wrangler dev` without MAIL_API_URL: the message is not sent, its subject and link are
 * logged, so the flows can still be followed. Production refuses to start this way.
 */
export function createLogMailer(logger: Logger): Mailer {
  return {
    name: 'log',
    async send(message) {
      logger.warn('mail not sent (no MAIL_API_URL): logged instead', {
        to: message.to,
        subject: message.subject,
        link: message.actionUrl,
      });
      return { status: 'sent' };
    },
  };
}
