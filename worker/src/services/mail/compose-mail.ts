import { eq } from 'drizzle-orm';
import { type MailKind, mailSuppressions } from '#db/schema';
import type { Executor } from '#db/types';
import type { AppConfig, MailMessage } from '#worker/ports';
import { layoutMail, type MailContent } from './layout';
import {
  digestContent,
  instantContent,
  loadNotificationLines,
  mailableRecipient,
  type NotificationLine,
  topicOf,
} from './notification-mail';
import { securityContent, securityKinds } from './security-mail';
import { type UnsubscribeTopic, unsubscribeToken } from './unsubscribe-token';

export interface QueuedMail {
  id: string;
  kind: MailKind;
  userId: string | null;
  toAddress: string;
  payload: Record<string, unknown>;
}

export type Composed = { message: MailMessage } | { skip: string };

/**
 * Turns a queued row into the message to send, or says why it must not go: notification mail
 * re-checks, at send time, that the address is verified, not suppressed, and still wants it.
 */
export async function composeMail(db: Executor, config: AppConfig, mail: QueuedMail): Promise<Composed> {
  if (securityKinds.has(mail.kind)) {
    return { message: await toMessage(config, mail, securityContent(mail.kind, mail.payload, config.site.name)) };
  }
  if (!mail.userId) return { skip: 'account deleted' };
  const [suppressed] = await db
    .select({ reason: mailSuppressions.reason })
    .from(mailSuppressions)
    .where(eq(mailSuppressions.address, mail.toAddress));
  if (suppressed) return { skip: `address suppressed (${suppressed.reason})` };
  const recipient = await mailableRecipient(db, mail.userId);
  if (!recipient || recipient.email !== mail.toAddress) return { skip: 'address changed' };
  if (!recipient.verified) return { skip: 'address not verified' };
  const wanted = (line: NotificationLine) =>
    recipient[line.type === 'reply' ? 'replies' : 'comments'] === (mail.kind === 'digest' ? 'daily' : 'instant');
  const ids =
    mail.kind === 'digest' ? (mail.payload.notificationIds as string[]) : [String(mail.payload.notificationId)];
  const lines = (await loadNotificationLines(db, ids)).filter(wanted);
  const [first] = lines;
  if (!first) return { skip: 'nothing left to tell' };
  const content =
    mail.kind === 'digest'
      ? digestContent(lines, config.publicUrl, config.site.name)
      : instantContent(first, config.publicUrl);
  const topic: UnsubscribeTopic = mail.kind === 'digest' ? 'all' : topicOf(first.type);
  return { message: await toMessage(config, mail, content, { userId: mail.userId, topic }) };
}

async function toMessage(
  config: AppConfig,
  mail: QueuedMail,
  content: MailContent,
  unsubscribe?: { userId: string; topic: UnsubscribeTopic },
): Promise<MailMessage> {
  const unsubscribeUrl = unsubscribe
    ? `${config.publicUrl}/api/unsubscribe?token=${await unsubscribeToken(config, unsubscribe.userId, unsubscribe.topic)}`
    : undefined;
  const { subject, text, html } = layoutMail(content, {
    siteName: config.site.name,
    publicUrl: config.publicUrl,
    unsubscribeUrl,
  });
  const headers: Record<string, string> = unsubscribeUrl
    ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
    : {};
  return {
    to: mail.toAddress,
    from: config.mail.from,
    subject,
    text,
    html,
    // The row's id: a retry after a crash sends the same Message-ID, so clients can drop the copy.
    messageId: `<${mail.id}@${new URL(config.publicUrl).hostname}>`,
    headers,
    actionUrl: content.action?.url,
  };
}
