import { setTimeout as delay } from 'node:timers/promises';
import { groupCpuSeconds, groupPssKiB } from '../test/support/process-metrics';
import { freePort, type StartedProcess, startProcess } from '../test/support/processes';

/** Milliseconds from `started` until `url` answers 200, polling every 25 ms. */
export async function msUntilOk(url: string, started: StartedProcess, begin: number, timeoutMs = 240_000) {
  while (performance.now() - begin < timeoutMs) {
    if (started.child.exitCode !== null) throw new Error(`process exited early:\n${started.output()}`);
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return performance.now() - begin;
    await delay(25);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${started.output()}`);
}

export interface EmbeddedStartFigures {
  firstMs: number;
  restartMs: number;
  firstCpuSeconds: number;
  restartCpuSeconds: number;
  /** PSS of the whole process tree right after the first 200 of the restart. */
  startedPssMiB: number;
  /** PSS after a reader's page loads and 10 s of quiet. */
  idlePssMiB: number;
  /** Lines the terminal showed during the first start. */
  terminalLines: number;
}

/** A reader's first visit: the home page, the posts list and one post. */
async function browse(base: string) {
  const posts = (await (await fetch(`${base}/api/posts`)).json()) as { items: { slug: string }[] };
  await fetch(`${base}/`).then((r) => r.arrayBuffer());
  const slug = posts.items[0]?.slug;
  if (slug) {
    await fetch(`${base}/p/${slug}`).then((r) => r.arrayBuffer());
    await fetch(`${base}/api/posts/${slug}`).then((r) => r.arrayBuffer());
  }
}

/**
 * `npm start` as a new user runs it: once on an empty DATA_DIR, then again on the same one; the
 * first 200 of `/` each time, and the process tree's memory once it has served a reader and idled.
 */
export async function measureEmbeddedStart(dataDir: string): Promise<EmbeddedStartFigures> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  const run = async () => {
    const begin = performance.now();
    const started = startProcess('npm', ['start'], env);
    const ms = await msUntilOk(`${base}/`, started, begin);
    return { started, ms, cpuSeconds: groupCpuSeconds(started.child.pid as number) };
  };
  const first = await run();
  const terminalLines = first.started.output().trimEnd().split('\n').length;
  await first.started.stop();
  const restart = await run();
  try {
    const group = restart.started.child.pid as number;
    const startedPssMiB = groupPssKiB(group) / 1024;
    await browse(base);
    await delay(10_000);
    return {
      firstMs: first.ms,
      restartMs: restart.ms,
      firstCpuSeconds: first.cpuSeconds,
      restartCpuSeconds: restart.cpuSeconds,
      startedPssMiB,
      idlePssMiB: groupPssKiB(group) / 1024,
      terminalLines,
    };
  } finally {
    await restart.started.stop();
  }
}

const markers = ['<!-- embedded-start -->', '<!-- /embedded-start -->'] as const;

/** The figures as a Markdown section between markers, so that a run of only this part can replace it. */
export function renderEmbeddedStart(figures: EmbeddedStartFigures, loadAverage: number, at: Date): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const met = (ok: boolean) => (ok ? '✅ met' : '❌ missed');
  return [
    markers[0],
    '',
    `\`npm start\` (embedded target), measured at ${at.toISOString()} with a 1-minute load average of ${loadAverage.toFixed(2)} on this 2-core machine (other work shares it: wall-clock times grow with the load, CPU seconds hardly; on an idle machine the start is sequential, so its wall clock is close to its CPU seconds). From \`npm start\` to the first 200 of \`/\`; memory is the PSS of the whole process tree (npm and the server) from /proc/<pid>/smaps_rollup, after a reader's first visit and 10 s idle (bench/embedded-start.ts; the choice is docs/decisions/0005-embedded-database.md).`,
    '',
    '| figure | wall clock | CPU seconds of the process tree | target | met (wall / CPU) |',
    '|---|---:|---:|---|---|',
    `| first start, empty DATA_DIR: first 200 | ${seconds(figures.firstMs)} s | ${figures.firstCpuSeconds.toFixed(2)} | ≤ 5 s | ${met(figures.firstMs <= 5000)} / ${met(figures.firstCpuSeconds <= 5)} |`,
    `| restart: first 200 | ${seconds(figures.restartMs)} s | ${figures.restartCpuSeconds.toFixed(2)} | ≤ 1.5 s | ${met(figures.restartMs <= 1500)} / ${met(figures.restartCpuSeconds <= 1.5)} |`,
    `| memory right after the restart | ${figures.startedPssMiB.toFixed(0)} MiB PSS | | | |`,
    `| memory idle | ${figures.idlePssMiB.toFixed(0)} MiB PSS | | ≤ 250 MB | ${met(figures.idlePssMiB * 1.048576 <= 250)} |`,
    `| terminal lines of the first start | ${figures.terminalLines} | | | |`,
    '',
    markers[1],
    '',
  ].join('\n');
}

/** `markdown` with its embedded-start section replaced by `section`, or `section` appended. */
export function spliceEmbeddedStart(markdown: string, section: string): string {
  const start = markdown.indexOf(markers[0]);
  const end = markdown.indexOf(markers[1]);
  if (start < 0 || end < 0) return `${markdown.trimEnd()}\n\n${section}`;
  return markdown.slice(0, start) + section + markdown.slice(end + markers[1].length).replace(/^\n+/, '');
}
