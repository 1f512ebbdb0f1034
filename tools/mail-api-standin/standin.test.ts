import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailSink, startMailSink } from '#test/mail-sink';
import { createHttpApiMailer } from '#worker/adapters/shared/http-api-mailer';
import { createMailApiStandin } from './server';

describe('the email API stand-in, driven by the Workers mail adapter', () => {
  let sink: MailSink;
  let standin: ReturnType<typeof createMailApiStandin>;
  let url: string;

  beforeAll(async () => {
    sink = await startMailSink();
    standin = createMailApiStandin({ apiKey: 'test-key', smtpUrl: sink.url });
    const address = await standin.listen();
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await standin.close();
    await sink.close();
  });

  const message = {
    to: 'reader@example.test',
    from: '"Edgepress" <no-reply@localhost>',
    subject: 'Hello',
    text: 'Plain',
    html: '<p>Rich</p>',
    messageId: '<abc@localhost>',
    headers: { 'List-Unsubscribe': '<http://localhost/api/unsubscribe?token=x>' },
  };

  it('takes a message, lists it and relays it over SMTP with its headers', async () => {
    const result = await createHttpApiMailer({ url, apiKey: 'test-key' }).send(message);
    expect(result).toEqual({ status: 'sent' });
    expect(standin.received).toHaveLength(1);
    const relayed = await sink.waitFor('reader@example.test', /Hello/);
    expect(relayed.messageId).toBe('<abc@localhost>');
    expect(relayed.header('list-unsubscribe')).toBe('<http://localhost/api/unsubscribe?token=x>');
  });

  it('refuses a wrong key (rejected for good) and a malformed message with 422', async () => {
    expect(await createHttpApiMailer({ url, apiKey: 'wrong' }).send(message)).toMatchObject({
      status: 'rejected',
      suppress: false,
    });
    const res = await fetch(`${url}/emails`, {
      method: 'POST',
      headers: { Authorization: 'Bearer test-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: 'x', to: [] }),
    });
    expect(res.status).toBe(422);
  });

  it('is retried while the API is unreachable', async () => {
    const result = await createHttpApiMailer({ url: 'http://127.0.0.1:1', apiKey: 'test-key' }).send(message);
    expect(result.status).toBe('retry');
  });
});
