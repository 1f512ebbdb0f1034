import { describe, expect, it } from 'vitest';
import { batched } from './batched';

describe('batched', () => {
  it('runs the calls made in one turn once, together, and answers each its own output', async () => {
    const runs: number[][] = [];
    const double = batched(async (inputs: number[]) => {
      runs.push(inputs);
      return inputs.map((n) => n * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('starts a new batch for calls made after the previous one was taken', async () => {
    const runs: string[][] = [];
    const echo = batched(async (inputs: string[]) => {
      runs.push(inputs);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return inputs;
    });
    const first = echo('a');
    await new Promise((resolve) => setImmediate(resolve));
    const second = echo('b');
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
    expect(runs).toEqual([['a'], ['b']]);
  });

  it('fails every call of a batch whose run fails or answers the wrong number of outputs', async () => {
    const failing = batched(async (_inputs: number[]): Promise<number[]> => {
      throw new Error('database down');
    });
    const results = await Promise.allSettled([failing(1), failing(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const short = batched(async (inputs: number[]) => inputs.slice(1));
    await expect(Promise.all([short(1), short(2)])).rejects.toThrow('batch answered 1 of 2');
  });
});
