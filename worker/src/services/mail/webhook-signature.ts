/** How far a signed event's timestamp may be from now: a captured request cannot be replayed later. */
export const webhookToleranceSeconds = 5 * 60;

export interface WebhookSignatureHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

const encoder = new TextEncoder();

function base64ToBytes(value: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** `whsec_<base64 key>`, the form Resend and Svix hand out; undefined when it is not one. */
export function webhookKeyBytes(secret: string): Uint8Array<ArrayBuffer> | undefined {
  if (!secret.startsWith('whsec_')) return undefined;
  const key = base64ToBytes(secret.slice('whsec_'.length));
  return key && key.length >= 16 ? key : undefined;
}

/**
 * Checks a provider event signed the Svix way (Resend's webhooks): HMAC-SHA256, keyed by the
 * secret's base64 part, over `<svix-id>.<svix-timestamp>.<raw body>`; `svix-signature` lists one
 * or more `v1,<base64>` (several while a secret is being rotated). Web Crypto only, so it runs the
 * same in workerd and Node; the comparison is `crypto.subtle.verify`, constant-time.
 */
export async function verifyWebhookSignature(
  secret: string,
  headers: WebhookSignatureHeaders,
  body: string,
  now: Date,
): Promise<boolean> {
  const { id, timestamp, signature } = headers;
  const keyBytes = webhookKeyBytes(secret);
  if (!keyBytes || !id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > webhookToleranceSeconds) return false;
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const signed = encoder.encode(`${id}.${timestamp}.${body}`);
  for (const candidate of signature.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    const bytes = version === 'v1' && value ? base64ToBytes(value) : undefined;
    if (bytes && (await crypto.subtle.verify('HMAC', key, bytes, signed))) return true;
  }
  return false;
}
