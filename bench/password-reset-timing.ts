import { startMailSink } from '../test/support/mail-sink';
import type { TestDatabase } from '../test/support/postgres';
import { percentile } from './fixed-rate';
import { startNodeTarget } from './node-target';

export interface LatencySummary {
  median: number;
  p95: number;
  mean: number;
}

export interface ResetTimingFigures {
  /** Requests measured for each kind of address, after the warm-up. */
  n: number;
  known: LatencySummary;
  unknown: LatencySummary;
  at: Date;
}

const markers = ['<!-- password-reset-timing -->', '<!-- /password-reset-timing -->'] as const;

export function summarize(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), mean };
}

/**
 * What an attacker sees: `POST /api/auth/password-reset` timed from the client, over HTTP to the
 * Node target (PostgreSQL, Redis, real SMTP to a local sink, so the known address's token and
 * message are really made and sent after the answer), for an address with an account and for
 * addresses without, interleaved in a random order so both meet the same machine. Rate limits
 * are off, or the per-address limit would answer 429 after three.
 */
export async function measureResetTiming(
  database: TestDatabase,
  redisDb: number,
  n = 300,
): Promise<ResetTimingFigures> {
  const sink = await startMailSink();
  const target = await startNodeTarget(database, 'on', redisDb, { SMTP_URL: sink.url });
  try {
    const email = `timing-${Date.now()}@example.test`;
    const registered = await fetch(`${target.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, username: `timing_${Date.now() % 1e9}`, password: 'a-long-unusual-passphrase' }),
    });
    if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
    const ask = async (address: string) => {
      const started = performance.now();
      const res = await fetch(`${target.url}/api/auth/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: address }),
      });
      await res.text();
      const elapsed = performance.now() - started;
      if (res.status !== 202) throw new Error(`password-reset answered ${res.status}`);
      return elapsed;
    };
    const warmup = 30;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < n + warmup; i++) {
      const order = Math.random() < 0.5 ? ['known', 'unknown'] : ['unknown', 'known'];
      for (const kind of order) {
        const elapsed = await ask(kind === 'known' ? email : `absent-${i}-${Date.now()}@example.test`);
        if (i >= warmup) (kind === 'known' ? known : unknown).push(elapsed);
      }
    }
    return { n, known: summarize(known), unknown: summarize(unknown), at: new Date() };
  } finally {
    await target.process.stop();
    await sink.close();
  }
}

export function renderResetTiming(figures: ResetTimingFigures, loadAverage: number): string {
  const ms = (value: number) => value.toFixed(2);
  const row = (name: string, s: LatencySummary) => `| ${name} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.mean)} |`;
  const { known, unknown } = figures;
  return [
    markers[0],
    '',
    '## Password reset: same answer time with and without an account (ADR 0112)',
    '',
    `\`POST /api/auth/password-reset\` timed from the client over HTTP against \`npm run start:node\` (PostgreSQL, Redis, SMTP to a local sink), ${figures.n} requests for an address with an account and ${figures.n} for addresses without, interleaved in random order after 30 of each to warm up; rate limits off (bench/password-reset-timing.ts, \`npm run bench -- password-reset-timing\`). Measured ${figures.at.toISOString()}, 1-minute load average ${loadAverage.toFixed(2)} on this shared 2-core machine.`,
    '',
    '| address | median ms | p95 ms | mean ms |',
    '|---|---|---|---|',
    row('has an account', known),
    row('has none', unknown),
    `| difference (with − without) | ${ms(known.median - unknown.median)} | ${ms(known.p95 - unknown.p95)} | ${ms(known.mean - unknown.mean)} |`,
    '',
    'The lookup, the token and the message happen after the answer (ADR 0110), so the answer itself does the same work for both; what remains is noise, and the background work a known address causes (a token insert, an SMTP send) lands on later requests of either kind.',
    '',
    markers[1],
  ].join('\n');
}

export function spliceResetTiming(markdown: string, section: string): string {
  const start = markdown.indexOf(markers[0]);
  const end = markdown.indexOf(markers[1]);
  if (start < 0 || end < 0) return `${markdown.trimEnd()}\n\n${section}\n`;
  return markdown.slice(0, start) + section + markdown.slice(end + markers[1].length);
}
