import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { type ProviderEventType, signedProviderEvent } from './provider-events';

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
  /**
   * Bounce and complaint events, signed with `secret` (whsec_…) as Resend's webhooks are, and
   * posted to `url` (the API's /api/mail/events) when it is set.
   */
  webhook?: { secret: string; url?: string };
}

const eventTypes = new Set<string>(['email.bounced', 'email.complained', 'email.delivered']);

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
 * `smtpUrl` each message is also relayed over SMTP (e.g. to Mailpit) so a developer can read it;
 * with `webhook`, `POST /emails/<id>/events {type}` plays the provider's bounce or complaint.
 */
export function createMailApiStandin(options: MailApiStandinOptions) {
  const received: ApiEmail[] = [];
  const relay = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
  // Plays the provider reporting what became of a message it took: signs the event, posts it to
  // the webhook URL if there is one, and answers the signed request so a caller can deliver it.
  async function sendEvent(res: ServerResponse, emailId: string, body: string) {
    const email = received.find((e) => e.id === emailId);
    if (!email) return json(res, 404, { message: 'No such email' });
    if (!options.webhook) return json(res, 409, { message: 'Start the stand-in with a webhook secret' });
    let type: unknown;
    try {
      type = (JSON.parse(body) as { type?: unknown }).type;
    } catch {
      type = undefined;
    }
    if (typeof type !== 'string' || !eventTypes.has(type)) {
      return json(res, 422, { name: 'validation_error', message: `type must be one of ${[...eventTypes].join(', ')}` });
    }
    const event = signedProviderEvent(email, type as ProviderEventType, options.webhook.secret);
    let delivered: number | null = null;
    if (options.webhook.url) {
      try {
        const answer = await fetch(options.webhook.url, { method: 'POST', headers: event.headers, body: event.body });
        delivered = answer.status;
      } catch (error) {
        return json(res, 502, { name: 'webhook_unreachable', message: String(error), event });
      }
    }
    return json(res, 200, { event, delivered });
  }

  const server = createServer(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return json(res, 401, { name: 'missing_api_key', message: 'Missing or wrong API key' });
    }
    if (req.method === 'GET' && req.url === '/emails') return json(res, 200, { data: received });
    const eventFor = /^\/emails\/([\w-]+)\/events$/.exec(req.url ?? '');
    if (req.method === 'POST' && eventFor) return sendEvent(res, eventFor[1] ?? '', await readBody(req));
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
