import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  /** A header as it was sent (unfolded), e.g. `header('list-unsubscribe')`; undefined when absent. */
  header(name: string): string | undefined;
  messageId: string | undefined;
  /** The first link in the text part that carries a token, or any first link. */
  link: string | undefined;
}

export interface MailSink {
  /** smtp://127.0.0.1:<port> */
  url: string;
  port: number;
  messages: SunkMail[];
  /** Resolves with the first message to `to` matching `subject`, waiting up to `timeoutMs`. */
  waitFor(to: string, subject?: RegExp, timeoutMs?: number): Promise<SunkMail>;
  /** Messages to `to` received so far. */
  to(address: string): SunkMail[];
  close(): Promise<void>;
}

const linkIn = (text: string) =>
  /(https?:\/\/\S+[?&]token=[^\s]+)/.exec(text)?.[1] ?? /(https?:\/\/\S+)/.exec(text)?.[1];

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that parses what it receives with
 * `mailparser`. `rejectRecipients` answers 550 to RCPT TO for those addresses, `rejectMessagesTo`
 * takes the recipient but answers 554 once the message has been sent (after DATA): hard bounces both.
 */
export async function startMailSink(
  options: { port?: number; rejectRecipients?: string[]; rejectMessagesTo?: string[] } = {},
): Promise<MailSink> {
  const messages: SunkMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address.toLowerCase())) {
        const error = Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const refused = session.envelope.rcptTo.some((to) =>
        options.rejectMessagesTo?.includes(to.address.toLowerCase()),
      );
      if (refused) {
        stream.resume();
        stream.on('end', () =>
          callback(Object.assign(new Error('5.7.1 Delivery not authorized, message refused'), { responseCode: 554 })),
        );
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
          const text = parsed.text ?? '';
          messages.push({
            to: to?.value[0]?.address?.toLowerCase() ?? '',
            subject: parsed.subject ?? '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers: parsed.headers,
            header: (name: string) =>
              parsed.headerLines
                .find((h) => h.key === name.toLowerCase())
                ?.line.replace(/^[^:]*:\s*/, '')
                .replace(/\r?\n\s+/g, ' '),
            messageId: parsed.messageId,
            link: linkIn(text),
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const matching = (to: string, subject?: RegExp) =>
    messages.filter((m) => m.to === to.toLowerCase() && (!subject || subject.test(m.subject)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    to: (address) => matching(address),
    waitFor(to, subject, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const [found] = matching(to, subject);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no mail to ${to}${subject ? ` matching ${subject}` : ''} within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
