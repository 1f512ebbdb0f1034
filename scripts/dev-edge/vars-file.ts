import { readFile } from 'node:fs/promises';

/** Parses a wrangler `.dev.vars` file: `KEY=value` lines, `#` comments, optional surrounding quotes. */
export async function readVarsFile(path: string): Promise<Record<string, string>> {
  const vars: Record<string, string> = {};
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, key, raw = ''] = match;
    vars[key as string] = raw.replace(/^(['"])(.*)\1$/, '$2');
  }
  return vars;
}

/** The port of `http://host:port` or `host:port`. */
export function portOf(address: string): number {
  const url = new URL(address.includes('://') ? address : `http://${address}`);
  return Number(url.port);
}
