/** Latencies of an open-loop run: requests start on schedule whether or not earlier ones finished. */
export interface RateResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Sends `send(i)` (which resolves with the answer's status once its body is in) at a fixed `rate` per second for `durationSeconds`. Latency runs from each
 * request's scheduled start, so a stall in the server (or here) is counted, not hidden.
 */
export async function atFixedRate(
  rate: number,
  durationSeconds: number,
  send: (index: number) => Promise<number>,
): Promise<RateResult> {
  const total = Math.round(rate * durationSeconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let errors = 0;
  const begin = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = begin + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      send(i).then(
        (status) => {
          latencies.push(performance.now() - due);
          if (status < 200 || status > 299) errors += 1;
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - begin) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors };
}
