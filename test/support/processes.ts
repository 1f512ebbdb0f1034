import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface StartedProcess {
  child: ChildProcess;
  output(): string;
  /** Stops the whole process group (npm → tsx → node) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a command in its own process group, collecting its output for failure messages. `cwd`
 * defaults to this one; `inherit: false` starts from an empty environment but for PATH and HOME.
 */
export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; inherit?: boolean } = {},
): StartedProcess {
  const base = options.inherit === false ? { PATH: process.env.PATH, HOME: process.env.HOME } : process.env;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...base, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        return;
      }
      const timeout = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/** Polls `url` until it answers 200, or fails with the process output after `timeoutMs`. */
export async function waitForOk(url: string, started: StartedProcess, timeoutMs: number): Promise<number> {
  const begin = performance.now();
  while (performance.now() - begin < timeoutMs) {
    if (started.child.exitCode !== null) throw new Error(`process exited early:\n${started.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now() - begin;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${started.output()}`);
}
