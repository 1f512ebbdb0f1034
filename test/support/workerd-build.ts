import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { contractSuites } from '../contract-suites';
import { routesNotRunOnEdge } from './workerd-routes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Worker as `wrangler deploy` would upload it, for the workerd engine (test/support/workerd-engine.ts). */
    workerdBuild?: WorkerdBuild;
  }
}

export interface WorkerdBuild {
  /** The folder the bundle is in; modules are named relative to it. */
  modulesRoot: string;
  /** The bundled entry first, then its precompiled wasm (argon2). */
  modules: { type: 'ESModule' | 'CompiledWasm'; path: string }[];
  /** Miniflare's options for wrangler.toml (bindings, R2, Images, assets and their routing), as JSON. */
  workerOptions: Record<string, unknown>;
  /** Where each suite's process appends the requests it made (test/support/workerd-routes.ts). */
  requestLog: string;
}

const run = promisify(execFile);

/**
 * Once per run of the workerd project: bundles the Worker with `wrangler deploy --dry-run` and reads
 * wrangler.toml as Miniflare options, so each suite starts its Worker from them without loading wrangler
 * (which costs seconds per process) or bundling again.
 */
export default async function setup(project: TestProject) {
  const outdir = await mkdtemp(join(tmpdir(), 'edgepress-workerd-'));
  const requestLog = join(outdir, 'requests');
  await mkdir(requestLog);
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' };
  const [, { unstable_getMiniflareWorkerOptions }] = await Promise.all([
    run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], { env, timeout: 180_000 }),
    import('wrangler'),
  ]);
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const wasm = (await readdir(outdir)).filter((name) => name.endsWith('.wasm'));
  project.provide('workerdBuild', {
    modulesRoot: outdir,
    modules: [
      { type: 'ESModule', path: join(outdir, 'entry.workers.js') },
      ...wasm.map((name) => ({ type: 'CompiledWasm' as const, path: join(outdir, name) })),
    ],
    workerOptions: JSON.parse(JSON.stringify(workerOptions)),
    requestLog,
  });
  return async () => {
    try {
      const missing = await routesNotRunOnEdge(requestLog, contractSuites, project.config.root);
      if (missing === undefined) console.log('workerd: not every contract suite ran, so route coverage is not checked');
      // Every route the Worker serves is called by some contract suite in workerd, or the run fails.
      else if (missing.length > 0)
        throw new Error(`routes no contract suite calls in workerd:\n  ${missing.join('\n  ')}`);
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  };
}
