import type { SendMailOptions } from 'nodemailer';
import type { MailMessage } from '#worker/ports';

/** The port's message as nodemailer takes it: both the SMTP and the outbox-directory mailer render it this way. */
export function nodemailerMessage(message: MailMessage): SendMailOptions {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: message.headers,
  };
}
