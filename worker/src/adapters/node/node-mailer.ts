import type { Logger, Mailer } from '#worker/ports';
import { createOutboxDirMailer } from './outbox-dir-mailer';
import { createSmtpMailer } from './smtp-mailer';

/**
 * SMTP when SMTP_URL is set; otherwise the outbox folder, whose links are printed in the terminal.
 * That is the embedded target's documented default (`outboxIsDefault`), worth a log line but not a
 * warning in the terminal; on the self-host target it is a warning an operator should see.
 */
export function createNodeMailer(options: {
  smtpUrl?: string;
  outboxDir: string;
  logger: Logger;
  outboxIsDefault?: boolean;
}): Mailer {
  if (options.smtpUrl) return createSmtpMailer(options.smtpUrl, options.logger);
  const message = 'no SMTP_URL: mail goes to the outbox folder and its links are printed';
  const fields = { outboxDir: options.outboxDir };
  if (options.outboxIsDefault) options.logger.info(message, fields);
  else options.logger.warn(message, fields);
  return createOutboxDirMailer(options.outboxDir);
}
