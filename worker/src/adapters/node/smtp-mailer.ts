import nodemailer from 'nodemailer';
import type { Logger, Mailer, MailMessage, MailSendResult } from '#worker/ports';
import { nodemailerMessage } from './nodemailer-message';

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
  message?: string;
}

const bounceCommands = new Set(['RCPT TO', 'DATA']);

/**
 * What an SMTP failure means for the queue: a 5xx answer to RCPT TO, or to the message itself
 * (DATA; each message has one recipient, so the refusal is that recipient's), is a hard bounce; a
 * 5xx elsewhere (MAIL FROM, AUTH: our own setup) rejects this message for good; everything else
 * (refused connection, timeouts, 4xx greylisting) is worth another try later.
 */
export function classifySmtpError(error: SmtpError): MailSendResult {
  const message = `${error.responseCode ?? error.code ?? 'error'}: ${error.message ?? 'SMTP failure'}`.slice(0, 500);
  const code = error.responseCode ?? 0;
  if (code >= 500 && code < 600)
    return { status: 'rejected', error: message, suppress: bounceCommands.has(error.command ?? '') };
  return { status: 'retry', error: message };
}

/**
 * SMTP_URL (smtp:// or smtps://user:pass@host:port) through nodemailer. The timeouts keep one send
 * well inside the queue's two-minute lease, so a hung server never lets two runs send one row.
 */
export function createSmtpMailer(url: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  transport.on('error', (error) => logger.warn('smtp transport error', { error: String(error) }));
  return {
    name: 'smtp',
    async send(message: MailMessage): Promise<MailSendResult> {
      try {
        const info = await transport.sendMail(nodemailerMessage(message));
        if (info.rejected.length > 0) return { status: 'rejected', error: 'recipient rejected', suppress: true };
        return { status: 'sent' };
      } catch (error) {
        return classifySmtpError(error as SmtpError);
      }
    },
  };
}
