import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const decisionsDir = 'docs/decisions';
const decisions = readdirSync(decisionsDir).filter((name) => name.endsWith('.md'));
const numberOf = (name: string) => name.slice(0, 4);
const tracked = (...patterns: string[]) =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...patterns], { encoding: 'utf8' })
    .split('\n')
    .filter((path) => path && existsSync(path));

describe('decision records', () => {
  it('are numbered once, titled with their number, and carry a status and a date', () => {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const name of decisions) {
      const text = readFileSync(join(decisionsDir, name), 'utf8');
      if (!/^\d{4}-[a-z0-9-]+\.md$/.test(name)) problems.push(`${name}: not NNNN-kebab-title.md`);
      const twin = seen.get(numberOf(name));
      if (twin) problems.push(`${name}: number taken by ${twin}`);
      seen.set(numberOf(name), name);
      if (!text.startsWith(`# ${numberOf(name)} — `))
        problems.push(`${name}: title must start "# ${numberOf(name)} — "`);
      if (!/^\*\*Status:\*\* \S/m.test(text)) problems.push(`${name}: no **Status:** line`);
      if (!/^\*\*Date:\*\* \d{4}-\d{2}-\d{2}$/m.test(text)) problems.push(`${name}: no **Date:** YYYY-MM-DD line`);
    }
    expect(problems).toEqual([]);
  });

  it('are only ever cited by numbers and paths that exist', () => {
    const numbers = new Set(decisions.map(numberOf));
    const broken: string[] = [];
    for (const path of tracked('*.md', '*.ts', '*.tsx', '*.yaml', '*.toml', '*.conf', '*.template')) {
      const text = readFileSync(path, 'utf8');
      for (const [cited] of text.matchAll(/docs\/decisions\/[\w.*-]+\.md/g)) {
        if (!existsSync(cited)) broken.push(`${path}: ${cited}`);
      }
      for (const [, number] of text.matchAll(/\bADRs? (\d{4})\b/g)) {
        if (!numbers.has(number as string)) broken.push(`${path}: ADR ${number}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('markdown links', () => {
  it('point at files that exist', () => {
    const broken: string[] = [];
    for (const path of tracked('*.md')) {
      const text = readFileSync(path, 'utf8');
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const file = target.split('#')[0] as string;
        if (file && !existsSync(join(dirname(path), file))) broken.push(`${path}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
