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

async function wrk(url: string, seconds: number, options: Pick<LoadOptions, 'connections' | 'headers'>) {
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

/** How many requests one wrk run completed, and in how many seconds. */
function completed(output: string) {
  const match = output.match(/^\s*(\d+) requests in ([\d.]+)(us|ms|s|m),/m);
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`wrk printed no request count:\n${output}`);
  return { requests: Number(match[1]), seconds: (Number(match[2]) * (toMs[match[3]] ?? Number.NaN)) / 1000 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** How a comparison is cut: `count` turns of `seconds` each per URL. */
export interface Turns {
  count: number;
  seconds: number;
}

/**
 * Measures `urls` against each other on a machine whose speed drifts by tens of percent within
 * seconds: each gets `turns.count` turns of `turns.seconds`, taken alternately, so a slow spell of
 * the machine falls on all of them alike. The rate is all requests over all measured time; p50 and
 * p99 are the medians of the turns' own.
 */
export async function measureInTurns(
  urls: string[],
  options: Omit<LoadOptions, 'durationSeconds'>,
  turns: Turns,
): Promise<LoadResult[]> {
  for (const url of urls) if (options.warmupSeconds > 0) await wrk(url, options.warmupSeconds, options);
  const outputs: string[][] = urls.map(() => []);
  for (let turn = 0; turn < turns.count; turn++) {
    for (const [i, url] of urls.entries()) outputs[i]?.push(await wrk(url, turns.seconds, options));
  }
  return outputs.map((turns) => {
    const runs = turns.map((output) => ({ ...parseWrk(output), ...completed(output) }));
    const total = runs.reduce(
      (sum, run) => ({ requests: sum.requests + run.requests, seconds: sum.seconds + run.seconds }),
      {
        requests: 0,
        seconds: 0,
      },
    );
    return {
      rps: total.requests / total.seconds,
      p50: median(runs.map((run) => run.p50)),
      p99: median(runs.map((run) => run.p99)),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
    };
  });
}
