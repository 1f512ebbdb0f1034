import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

it('gives TypeScript (and through it tsx and esbuild) exactly the folder aliases package.json declares', () => {
  const imports: Record<string, string | object> = json('package.json').imports;
  const paths: Record<string, string[]> = json('tsconfig.base.json').compilerOptions.paths;
  // A conditional entry (`#web-render`) is resolved by TypeScript from package.json itself, through
  // its `types` condition: mirroring it in `paths` would hand the checker the web sources instead.
  const folders = Object.entries(imports).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  expect(paths).toEqual(Object.fromEntries(folders.map(([alias, target]) => [alias, [target]])));
});
