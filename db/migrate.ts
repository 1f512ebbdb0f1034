import { fileURLToPath } from 'node:url';
import type { DbHandle } from './client';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies the committed drizzle-kit migrations with the migrator that matches the driver. */
export async function migrate(handle: DbHandle, folder?: string): Promise<void> {
  const config = { migrationsFolder: folder ?? migrationsFolder };
  switch (handle.driver) {
    case 'pg': {
      const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
      return run(handle.db as never, config);
    }
    case 'neon-ws': {
      const { migrate: run } = await import('drizzle-orm/neon-serverless/migrator');
      return run(handle.db as never, config);
    }
    case 'pglite': {
      const { migrate: run } = await import('drizzle-orm/pglite/migrator');
      return run(handle.db as never, config);
    }
  }
}
