import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Mailer, MailMessage, MailSendResult } from '#worker/ports';
import { nodemailerMessage } from './nodemailer-message';

/**
 * The embedded target with no SMTP configured: each message becomes `<dir>/<time>-<id>.eml` (open
 * it in any mail client) and its action link is printed, so a laptop user can reset a password or
 * verify an address without any mail setup.
 */
export function createOutboxDirMailer(dir: string, print: (line: string) => void = console.log): Mailer {
  const render = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    name: 'outbox',
    async send(message: MailMessage): Promise<MailSendResult> {
      try {
        const info = await render.sendMail(nodemailerMessage(message));
        await mkdir(dir, { recursive: true });
        const time = new Date().toISOString().replace(/[:.]/g, '-');
        const id = message.messageId.replace(/^<|@.*$/g, '');
        const file = join(dir, `${time}-${id}.eml`);
        await writeFile(file, info.message as Buffer, { mode: 0o600 });
        const link = message.actionUrl ? `\n  open: ${message.actionUrl}` : '';
        print(`\n[mail] to ${message.to}: ${message.subject}${link}\n  saved: ${file}\n`);
        return { status: 'sent' };
      } catch (error) {
        return { status: 'retry', error: String(error).slice(0, 500) };
      }
    },
  };
}
