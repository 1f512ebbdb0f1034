// @vitest-environment node
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a signed-out reader's post page loads, gzipped: 131.1 KiB in 24 files before the reader
// chunk (web/reader-chunk.ts), the production React Router build and the signed-in-only parts
// moved out; 122.0 KiB in 3 files after; 105.9 KiB once React Router ran in declarative mode
// instead of as a data router (ADR 0115: the data router alone was some 19 KiB of it).
const POST_PAGE_JS_BUDGET = 113 * 1024;
let outDir: string;
let chunks: Rolldown.OutputChunk[];

const byFile = (file: string) => chunks.find((chunk) => chunk.fileName === file);

/** The chunks holding `modules`, and every chunk they import statically: what the browser loads before the page runs. */
function loadedWith(modules: RegExp[]): Rolldown.OutputChunk[] {
  const seen = new Set<Rolldown.OutputChunk>();
  const visit = (chunk: Rolldown.OutputChunk | undefined) => {
    if (!chunk || seen.has(chunk)) return;
    seen.add(chunk);
    for (const file of chunk.imports) visit(byFile(file));
  };
  for (const chunk of chunks) {
    if (chunk.isEntry || chunk.moduleIds.some((id) => modules.some((module) => module.test(id)))) visit(chunk);
  }
  return [...seen];
}

const postPage = [/features[\\/]posts[\\/]post-page\.tsx$/];

async function gzipSize(file: string): Promise<number> {
  return gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;
}

describe('the production bundle', () => {
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'edgepress-web-'));
    // Vitest runs with NODE_ENV=test, which would select React's development builds.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const output = (await build({
        configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
        mode: 'production',
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true, sourcemap: false },
      })) as Rolldown.RolldownOutput;
      chunks = output.output.filter((file): file is Rolldown.OutputChunk => file.type === 'chunk');
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }, 120_000);

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('keeps the JavaScript of a signed-out reader’s post page within its budget, gzipped', async () => {
    const files = loadedWith(postPage).map((chunk) => chunk.fileName);
    const sizes = await Promise.all(files.map(gzipSize));
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(`post page JS: ${(total / 1024).toFixed(1)} KiB gzipped in ${sizes.length} files`);
    expect(total).toBeLessThanOrEqual(POST_PAGE_JS_BUDGET);
  });

  it('loads no editor, admin, settings, markdown-rendering or validation code on a post page', () => {
    const modules = loadedWith(postPage).flatMap((chunk) => chunk.moduleIds);
    expect(modules.some((id) => postPage[0]?.test(id))).toBe(true);
    // The features' front doors (index.ts) are in: they hold the route table's lazy imports, not the pages.
    const foreign = modules.filter((id) =>
      /features[\\/](editor|admin|settings)[\\/](?!index\.ts$)|render-markdown|highlight-code|lowlight|highlight\.js|node_modules[\\/]zod[\\/]/.test(
        id,
      ),
    );
    expect(foreign).toEqual([]);
    const lazy = chunks.filter((chunk) =>
      chunk.moduleIds.some((id) => /editor-page|admin-page|settings-page/.test(id)),
    );
    expect(lazy).toHaveLength(3);
  });

  it('has no inline script in index.html (the CSP forbids them)', async () => {
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script).toMatch(/\bsrc="/);
      expect(script.replace(/<script\b[^>]*>|<\/script>/g, '').trim()).toBe('');
    }
  });
});
