// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const importPattern = /(?:from\s+|import\s*\(\s*)'([^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every import of web/src, as paths relative to web/src (`features/posts/queries`); packages left out. */
function imports() {
  return sourceFiles(src).flatMap((file) => {
    const from = relative(src, file);
    return [...readFileSync(file, 'utf8').matchAll(importPattern)].flatMap(([, specifier = '']) => {
      if (specifier.startsWith('#web/')) return [{ from, to: specifier.slice('#web/'.length) }];
      if (!specifier.startsWith('.')) return [];
      return [{ from, to: relative(src, resolve(dirname(file), specifier)) }];
    });
  });
}

const featureOf = (path: string) => /^features\/([^/]+)/.exec(path)?.[1];
const isFrontDoor = (path: string) => /^features\/[^/]+(\/index)?$/.test(path);
const layerOf = (path: string) => path.split('/')[0] ?? '';

it('reaches another feature only through its index.ts front door', () => {
  const intoInternals = imports().filter(({ from, to }) => {
    const target = featureOf(to);
    return target !== undefined && target !== featureOf(from) && !isFrontDoor(to);
  });
  expect(intoInternals).toEqual([]);
});

it('points every import down: features never import app/, shared code never imports features or app', () => {
  const upward = imports().filter(({ from, to }) => {
    const [source, target] = [layerOf(from), layerOf(to)];
    if (source === 'features') return target === 'app';
    if (source === 'components' || source === 'lib') return target === 'features' || target === 'app';
    return false;
  });
  expect(upward).toEqual([]);
});
