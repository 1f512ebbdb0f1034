import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const { imports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  imports: Record<string, string | { default: string }>;
};

/**
 * package.json `imports` (`#worker/app`, `#db/schema`, ...) as Vite aliases, for vite, vitest and
 * the workers pool. Vite probes extensions and index files on an alias, as TypeScript's `paths`
 * (tsconfig.base.json) and esbuild do, which Node's own `imports` resolution does not.
 */
export const importAliases = Object.entries(imports).map(([pattern, target]) => ({
  find: new RegExp(`^${pattern.replace('*', '(.*)')}$`),
  // A conditional entry (`#web-render`: types for the checker, source for everyone else) runs its default.
  replacement: join(root, (typeof target === 'string' ? target : target.default).replace('*', '$1')),
}));
