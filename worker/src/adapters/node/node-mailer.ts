import type { Logger, Mailer } from '../../ports';
import { createOutboxDirMailer } from './outbox-dir-mailer';
import { createSmtpMailer } from './smtp-mailer';

/** SMTP when SMTP_URL is set; otherwise the outbox folder, whose links are printed in the terminal. */
export function createNodeMailer(options: { smtpUrl?: string; outboxDir: string; logger: Logger }): Mailer {
  if (options.smtpUrl) return createSmtpMailer(options.smtpUrl, options.logger);
  options.logger.warn('no SMTP_URL: mail goes to the outbox folder and its links are printed', {
    outboxDir: options.outboxDir,
  });
  return createOutboxDirMailer(options.outboxDir);
}
