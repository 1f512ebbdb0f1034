import type { Mailer, MailMessage, MailSendResult } from '#worker/ports';

export interface HttpApiMailerOptions {
  /** Base URL of a Resend-compatible API: https://api.resend.com, or tools/mail-api-standin locally. */
  url: string;
  apiKey: string;
  timeoutMs?: number;
}

/**
 * The Workers mail adapter (ADR 0111): one `fetch` to a transactional email API in Resend's shape
 * (`POST /emails`), which runs in workerd with no sockets or Node APIs. 429 and 5xx are retried;
 * another 4xx rejects this message for good.
 */
export function createHttpApiMailer(options: HttpApiMailerOptions): Mailer {
  const endpoint = `${options.url.replace(/\/+$/, '')}/emails`;
  return {
    name: 'http-api',
    async send(message: MailMessage): Promise<MailSendResult> {
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { Authorization: `Bearer ${options.apiKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            from: message.from,
            to: [message.to],
            subject: message.subject,
            text: message.text,
            html: message.html,
            headers: { 'Message-ID': message.messageId, ...message.headers },
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        return { status: 'retry', error: String(error).slice(0, 500) };
      }
      const detail = (await res.text().catch(() => '')).slice(0, 300);
      if (res.ok) return { status: 'sent' };
      const error = `${res.status}: ${detail}`;
      if (res.status === 429 || res.status >= 500) return { status: 'retry', error };
      return { status: 'rejected', error, suppress: false };
    },
  };
}
