import { createHmac, randomUUID } from 'node:crypto';
import type { ApiEmail } from './server';

export type ProviderEventType = 'email.bounced' | 'email.complained' | 'email.delivered';

export interface SignedEvent {
  headers: Record<string, string>;
  body: string;
}

/**
 * The event a Resend-like provider would post about a message it took, signed the Svix way:
 * `svix-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, the key being the
 * base64 part of `whsec_…`. Node's crypto here, Web Crypto in the Worker: the two must agree.
 */
export function signedProviderEvent(
  email: ApiEmail,
  type: ProviderEventType,
  secret: string,
  now = new Date(),
): SignedEvent {
  const data: Record<string, unknown> = {
    email_id: email.id,
    created_at: now.toISOString(),
    from: email.from,
    to: email.to,
    subject: email.subject,
  };
  if (type === 'email.bounced') {
    data.bounce = {
      type: 'Permanent',
      subType: 'General',
      message: "The recipient's email provider sent a hard bounce message.",
    };
  }
  const body = JSON.stringify({ type, created_at: now.toISOString(), data });
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    headers: {
      'Content-Type': 'application/json',
      'svix-id': id,
      'svix-timestamp': timestamp,
      'svix-signature': `v1,${signature}`,
    },
    body,
  };
}
