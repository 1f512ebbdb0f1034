import type { AppConfig } from '#worker/ports';

export const unsubscribeTopics = ['replies', 'comments', 'all'] as const;
export type UnsubscribeTopic = (typeof unsubscribeTopics)[number];

const encoder = new TextEncoder();

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function signature(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  // The label keeps these signatures from ever standing in for another use of the same secret.
  return base64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`unsubscribe:${data}`))));
}

/**
 * A one-click unsubscribe token: `<user id>.<topic>.<HMAC>`. Stateless and without expiry, as
 * RFC 8058 expects a link in an old message to keep working; it can only turn mail off.
 */
export async function unsubscribeToken(config: AppConfig, userId: string, topic: UnsubscribeTopic): Promise<string> {
  const [key] = config.jwt.keys;
  if (!key) throw new Error('No signing key configured');
  const data = `${userId}.${topic}`;
  return `${data}.${await signature(key.secret, data)}`;
}

/** The user and topic a token names, when one of the configured keys signed it. */
export async function readUnsubscribeToken(
  config: AppConfig,
  token: string,
): Promise<{ userId: string; topic: UnsubscribeTopic } | undefined> {
  const match = /^([0-9a-f-]{36})\.(replies|comments|all)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, userId, topic, presented] = match as unknown as [string, string, UnsubscribeTopic, string];
  for (const key of config.jwt.keys) {
    if ((await signature(key.secret, `${userId}.${topic}`)) === presented) return { userId, topic };
  }
  return undefined;
}
