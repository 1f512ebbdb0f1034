import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const wrkBinary = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((path) => existsSync(path));

/** One closed-loop throughput measurement: requests per second and latency percentiles in ms. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Answers that were not 2xx/3xx, plus socket errors: a non-zero count makes the figures suspect. */
  errors: number;
}

export interface LoadOptions {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  headers?: Record<string, string>;
}

const toMs: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function latencyAt(output: string, percent: string): number {
  const match = output.match(new RegExp(`^\\s+${percent}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm'));
  if (!match?.[1] || !match[2]) throw new Error(`wrk printed no ${percent}% latency:\n${output}`);
  return Number(match[1]) * (toMs[match[2]] ?? Number.NaN);
}

/** Parses `wrk --latency` output. */
export function parseWrk(output: string): LoadResult {
  const rps = output.match(/^Requests\/sec:\s+([\d.]+)/m);
  if (!rps?.[1]) throw new Error(`wrk printed no Requests/sec:\n${output}`);
  const non2xx = Number(output.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  const socket = output.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    rps: Number(rps[1]),
    p50: latencyAt(output, '50'),
    p99: latencyAt(output, '99'),
    errors: non2xx + socketErrors,
  };
}

async function wrk(url: string, seconds: number, options: LoadOptions) {
  if (!wrkBinary) throw new Error('wrk is not installed (apt-get install -y wrk)');
  const headerArgs = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  // One wrk thread: the other of the machine's two cores is the server's.
  // A long timeout: on a busy machine a slow answer belongs in p99, not in the error count.
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '--latency',
    ...headerArgs,
    url,
  ];
  const { stdout } = await run(wrkBinary, args, { maxBuffer: 1 << 20 });
  return stdout;
}

/** Warms `url` up for a while, then measures it for a fixed duration with a fixed number of connections. */
export async function measureGet(url: string, options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await wrk(url, options.warmupSeconds, options);
  return parseWrk(await wrk(url, options.durationSeconds, options));
}
