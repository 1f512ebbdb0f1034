import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const { imports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports: Record<string, string> };

/**
 * package.json `imports` (`#worker/app`, `#db/schema`, ...) as Vite aliases, for vite, vitest and
 * the workers pool. Vite probes extensions and index files on an alias, as TypeScript's `paths`
 * (tsconfig.base.json) and esbuild do, which Node's own `imports` resolution does not.
 */
export const importAliases = Object.entries(imports).map(([pattern, target]) => ({
  find: new RegExp(`^${pattern.replace('*', '(.*)')}$`),
  replacement: join(root, target.replace('*', '$1')),
}));
