import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

it('gives TypeScript (and through it tsx and esbuild) exactly the aliases package.json declares', () => {
  const imports: Record<string, string> = json('package.json').imports;
  const paths: Record<string, string[]> = json('tsconfig.base.json').compilerOptions.paths;
  expect(paths).toEqual(Object.fromEntries(Object.entries(imports).map(([alias, target]) => [alias, [target]])));
});
