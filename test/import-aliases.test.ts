import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { expect, it } from 'vitest';

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const imports: Record<string, string | object> = json('package.json').imports;
const folders = Object.entries(imports).filter((entry): entry is [string, string] => typeof entry[1] === 'string');

it('gives TypeScript (and through it tsx and esbuild) exactly the folder aliases package.json declares', () => {
  const paths: Record<string, string[]> = json('tsconfig.base.json').compilerOptions.paths;
  // A conditional entry (`#web-render`) is resolved by TypeScript from package.json itself, through
  // its `types` condition: mirroring it in `paths` would hand the checker the web sources instead.
  expect(paths).toEqual(Object.fromEntries(folders.map(([alias, target]) => [alias, [target]])));
});

it('reaches an aliased folder through its alias, never by climbing two or more folders', () => {
  const roots = folders.map(([, target]) => resolve(target.replace('*', '')));
  const sources = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { encoding: 'utf8' }).trim().split('\n');
  const climbing = /(?:from|import|mock)\s*\(?\s*['"]((?:\.\.\/){2,}[^'"]*)['"]/g;
  const offenders = sources.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(climbing)]
      .map((match) => resolve(dirname(file), match[1] ?? ''))
      .filter((target) => roots.some((root) => target.startsWith(root)))
      .map((target) => `${file} → ${target}`),
  );
  expect(offenders).toEqual([]);
});
