import { inject } from 'vitest';

/** A message as the email API stand-in took it from the Worker. */
export interface ApiEmail {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const mailApiUrl = inject('mailApiUrl');
const authorization = { Authorization: 'Bearer workers-test-mail-key' };

/** Every message the stand-in took for `to` so far. */
export async function mailsTo(to: string): Promise<ApiEmail[]> {
  const res = await fetch(`${mailApiUrl}/emails`, { headers: authorization });
  const { data } = (await res.json()) as { data: ApiEmail[] };
  return data.filter((m) => m.to.includes(to));
}

/** The first message to `to` whose subject matches, polled until the Worker has sent it. */
export async function mailTo(to: string, subject: RegExp): Promise<ApiEmail> {
  for (let i = 0; i < 100; i++) {
    const found = (await mailsTo(to)).find((m) => subject.test(m.subject));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} matching ${subject}`);
}

export const tokenIn = (mail: ApiEmail) => /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? '';

/** The stand-in playing the provider: the signed bounce or complaint event it would post about `mail`. */
export async function providerEvent(
  mail: ApiEmail,
  type: 'email.bounced' | 'email.complained',
): Promise<{ headers: Record<string, string>; body: string }> {
  const res = await fetch(`${mailApiUrl}/emails/${mail.id}/events`, {
    method: 'POST',
    headers: { ...authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type }),
  });
  if (!res.ok) throw new Error(`the stand-in refused the event: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { event: { headers: Record<string, string>; body: string } }).event;
}
