import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgeDifferences } from '#test/edge-differences';
import { contractSuites } from './contract-suites';

/** Test files that call for the contract engines, directly or through `describeOnEngines`. */
async function suitesOnContractEngines() {
  const found: string[] = [];
  for (const folder of ['worker', 'db', 'realtime', 'test']) {
    for (const name of await readdir(folder, { recursive: true })) {
      const path = join(folder, name);
      if (!path.endsWith('.test.ts') || path.includes('node_modules')) continue;
      if (/\b(contractEngines|describeOnEngines)\(/.test(await readFile(path, 'utf8'))) found.push(path);
    }
  }
  return found.sort();
}

describe('the contract suites', () => {
  it('are exactly the files that run on the contract engines, so each runs in workerd too', async () => {
    expect([...contractSuites].sort()).toEqual(await suitesOnContractEngines());
  });

  it('name, in the edge differences, only tests that exist in a contract suite', async () => {
    for (const key of Object.keys(edgeDifferences)) {
      const [file, name] = key.split(': ', 2) as [string, string];
      expect(contractSuites).toContain(file);
      expect(await readFile(file, 'utf8')).toContain(`'${name}'`);
    }
  });
});
