import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' };

// Workers accept 3 MiB gzipped on the Free plan and 10 MiB on Paid; stay far below so startup stays fast.
// The reader page renderer (React, the router, TanStack Query, the pages) is about 300 KiB of it.
const gzipBudgetBytes = 1.25 * 1024 * 1024;
// The flags worker/worker-configuration.d.ts was generated with (see its header).
const typesFlags = ['--include-runtime=false', '--strict-vars=false', '--env-file', '.dev.vars.example'];

interface Metafile {
  outputs: Record<string, { inputs?: Record<string, unknown> }>;
}

describe('the Workers bundle', () => {
  let outdir: string;
  let bundle: Buffer;
  let inputs: string[];
  let output: string;

  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'edgepress-wrangler-'));
    const metafile = join(outdir, 'meta.json');
    const result = await run(
      'npx',
      ['wrangler', 'deploy', '--dry-run', '--outdir', join(outdir, 'out'), '--metafile', metafile],
      { env, timeout: 180_000 },
    );
    output = result.stdout;
    bundle = await readFile(join(outdir, 'out', 'entry.workers.js'));
    const meta = JSON.parse(await readFile(metafile, 'utf8')) as Metafile;
    inputs = Object.values(meta.outputs).flatMap((output) => Object.keys(output.inputs ?? {}));
  }, 200_000);

  afterAll(() => rm(outdir, { recursive: true, force: true }));

  it('builds with `wrangler deploy --dry-run` within the size budget', () => {
    const gzipped = gzipSync(bundle).byteLength;
    console.log(
      `worker bundle: ${(bundle.byteLength / 1024).toFixed(0)} KiB, ${(gzipped / 1024).toFixed(0)} KiB gzipped`,
    );
    expect(gzipped).toBeLessThan(gzipBudgetBytes);
  });

  it('uploads the whole web build as the Worker’s static assets', async () => {
    const hashed = await readdir('web/dist/assets');
    const read = /Read (\d+) files from the assets directory (\S+)/.exec(output);
    expect(read?.[2]).toMatch(/web\/dist$/);
    // Every hashed file, index.html and the rest of web/public (wrangler counts folders too).
    expect(Number(read?.[1])).toBeGreaterThan(hashed.length);
    expect(output).toMatch(/env\.ASSETS\s+Assets/);
  });

  it('bundles the reader pages’ renderer, so the Worker renders them itself', () => {
    expect(inputs).toContain('web/src/entry-server.tsx');
    expect(inputs.some((path) => path.includes('node_modules/react-dom/'))).toBe(true);
  });

  it('ships argon2 as a precompiled wasm module next to the script', async () => {
    const files = await readdir(join(outdir, 'out'));
    expect(files.some((name) => name.endsWith('argon2.wasm'))).toBe(true);
  });

  it('leaves the Node-only drivers out', () => {
    const nodeOnly = inputs.filter((path) => /node_modules\/(pg|pg-[a-z]+|@electric-sql|ioredis|ws)\//.test(path));
    expect(nodeOnly).toEqual([]);
  });

  it('has committed Workers types that match wrangler.toml and .dev.vars.example', async () => {
    // `wrangler types --check` ignores --env-file, so regenerate beside the committed file and compare.
    const fresh = 'worker/.worker-configuration.fresh.d.ts';
    try {
      await run('npx', ['wrangler', 'types', fresh, ...typesFlags], { env, timeout: 60_000 });
      const withoutHeader = (text: string) => text.split('\n').slice(2).join('\n');
      const [committed, regenerated] = await Promise.all([
        readFile('worker/worker-configuration.d.ts', 'utf8'),
        readFile(fresh, 'utf8'),
      ]);
      expect(withoutHeader(committed)).toBe(withoutHeader(regenerated));
    } finally {
      await rm(fresh, { force: true });
    }
  });
});
