import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { Deps } from '../ports';

/**
 * The socket's peer address on Node. @hono/node-server passes `{ incoming, outgoing }` as the
 * app's env on every request, so the address is read from there rather than from a header the
 * entry would have to set (and strip from the outside) itself; Workers have no such env and
 * rely on CF-Connecting-IP. Tests pass the same shape as `app.request(path, init, env)`.
 */
export function socketAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

function normalize(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const trimmed = address.trim();
  // Node reports IPv4 peers on a dual-stack socket as IPv4-mapped IPv6.
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed || undefined;
}

/** Loopback, private and link-local ranges: where our own proxies live, so never "the client". */
function isInternal(ip: string): boolean {
  if (/^(10\.|127\.|192\.168\.|169\.254\.)/.test(ip)) return true;
  const second = /^172\.(\d+)\./.exec(ip)?.[1];
  if (second && Number(second) >= 16 && Number(second) <= 31) return true;
  const lower = ip.toLowerCase();
  return lower === '::1' || /^f[cd]/.test(lower) || lower.startsWith('fe80:');
}

/**
 * The right-most X-Forwarded-For entry that is not one of our own (internal) proxies: entries to
 * its left were written by the client and can be forged. When every hop is internal (a LAN or a
 * test), the left-most one is the client.
 */
function forwardedClient(header: string | undefined): string | undefined {
  const hops = (header ?? '')
    .split(',')
    .map((hop) => normalize(hop))
    .filter((hop): hop is string => Boolean(hop));
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isInternal(hops[i]!)) return hops[i];
  }
  return hops[0];
}

/** What telling the client's IP needs from the config: which header to believe, if any. */
export type ClientIpConfig = Pick<Deps['config'], 'clientIpHeader' | 'trustProxy'>;

/**
 * The client's IP for rate limiting and logs: CF-Connecting-IP on Workers (set by Cloudflare,
 * not forgeable there); X-Forwarded-For only with TRUST_PROXY (behind nginx); otherwise the socket.
 */
export function clientIpFrom(
  config: ClientIpConfig,
  header: (name: string) => string | undefined,
  peerAddress: string | undefined,
): string | undefined {
  const socket = normalize(peerAddress);
  if (config.clientIpHeader === 'cf-connecting-ip') return normalize(header('cf-connecting-ip')) ?? socket;
  if (config.trustProxy) return forwardedClient(header('x-forwarded-for')) ?? socket;
  return socket;
}

export function clientIp(c: Context<AppEnv>): string | undefined {
  return clientIpFrom(c.get('deps').config, (name) => c.req.header(name), socketAddress(c));
}
