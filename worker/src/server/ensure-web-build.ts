import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../ports';

/** `npm start` on a fresh clone has no web build yet: make one, once, before serving. */
export async function ensureWebBuild(webDist: string, logger: Logger): Promise<void> {
  if (existsSync(join(webDist, 'index.html'))) return;
  if (!existsSync('web/vite.config.ts')) return;
  logger.info('building the web app (first start)');
  await new Promise<void>((resolve, reject) => {
    const build = spawn('npm', ['run', 'build:web'], { stdio: 'inherit' });
    build.once('error', reject);
    build.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`web build failed with exit code ${code}`)),
    );
  });
}
