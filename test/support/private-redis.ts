import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Whether `redis-server` is on PATH (outage tests start their own). */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A throwaway redis-server on its own port (no persistence) that a test can kill, pause and
 * restart, so outages are real rather than mocked. Only processes it spawned are ever signalled.
 */
export async function startPrivateRedis() {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
      proc.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
  };

  const kill = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    kill,
    /** Freezes the server (SIGSTOP): connections stay open but nothing answers, like a stalled Redis. */
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}

export type PrivateRedis = Awaited<ReturnType<typeof startPrivateRedis>>;

/**
 * Whether the outage tests can run: redis-server must be installed. In CI its absence fails the
 * suite; elsewhere the tests are skipped with one loud line.
 */
export function outageTestsEnabled(): boolean {
  if (redisServerInstalled()) return true;
  if (process.env.CI) throw new Error('redis-server is required in CI for the Redis outage tests');
  console.warn('\n!!! SKIPPING Redis outage tests: redis-server is not installed !!!\n');
  return false;
}

/** Polls `check` until it holds; outages end asynchronously (reconnects, probes). */
export async function eventually(check: () => Promise<boolean>, withinMs = 8000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${withinMs} ms`);
}
