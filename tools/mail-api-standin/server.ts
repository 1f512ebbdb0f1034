import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';

/** A message as the Resend-compatible API takes it (`POST /emails`). */
export interface ApiEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface MailApiStandinOptions {
  apiKey: string;
  /** Relay every accepted message to this SMTP server (Mailpit in compose), as the real API would deliver it. */
  smtpUrl?: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

function parseEmail(body: string): Omit<ApiEmail, 'id'> | string {
  let value: Partial<ApiEmail>;
  try {
    value = JSON.parse(body) as Partial<ApiEmail>;
  } catch {
    return 'body is not JSON';
  }
  if (typeof value.from !== 'string' || !value.from) return '`from` is required';
  if (!Array.isArray(value.to) || value.to.length === 0 || !value.to.every((to) => typeof to === 'string')) {
    return '`to` must be a non-empty array of addresses';
  }
  if (typeof value.subject !== 'string' || !value.subject) return '`subject` is required';
  if (typeof value.text !== 'string' && typeof value.html !== 'string') return '`text` or `html` is required';
  return {
    from: value.from,
    to: value.to,
    subject: value.subject,
    text: value.text,
    html: value.html,
    headers: value.headers,
  };
}

/**
 * Stands in for a Resend-compatible email API on 127.0.0.1, so the Workers mail adapter runs in
 * `wrangler dev` and in workerd tests without an account: `POST /emails` (Bearer key) takes a
 * message like the real API (422 for a malformed one), `GET /emails` lists what it took, and with
 * `smtpUrl` each message is also relayed over SMTP (e.g. to Mailpit) so a developer can read it.
 */
export function createMailApiStandin(options: MailApiStandinOptions) {
  const received: ApiEmail[] = [];
  const relay = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
  const server = createServer(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return json(res, 401, { name: 'missing_api_key', message: 'Missing or wrong API key' });
    }
    if (req.method === 'GET' && req.url === '/emails') return json(res, 200, { data: received });
    if (req.method !== 'POST' || req.url !== '/emails') return json(res, 404, { message: 'Not found' });
    const parsed = parseEmail(await readBody(req));
    if (typeof parsed === 'string') return json(res, 422, { name: 'validation_error', message: parsed });
    const email: ApiEmail = { id: randomUUID(), ...parsed };
    if (relay) {
      try {
        await relay.sendMail({ ...parsed, messageId: parsed.headers?.['Message-ID'] });
      } catch (error) {
        return json(res, 502, { name: 'relay_failed', message: String(error) });
      }
    }
    received.push(email);
    return json(res, 200, { id: email.id });
  });
  return {
    received,
    listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
      return new Promise((resolve) => server.listen(port, host, () => resolve(server.address() as AddressInfo)));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
