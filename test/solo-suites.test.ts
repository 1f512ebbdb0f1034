import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { soloSuites } from './solo-suites';

describe('the solo suites', () => {
  it('name files that exist, so a renamed one cannot slip back among the files run side by side', () => {
    expect(soloSuites.filter((path) => !existsSync(path))).toEqual([]);
  });
});
