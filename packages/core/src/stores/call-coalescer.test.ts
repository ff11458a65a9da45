import { describe, expect, it } from 'vitest';
import { type CoalescedCalls, createCallCoalescer } from './call-coalescer.js';

/**
 * Single-use codes behind `one` and `many`: redeeming a code answers `won` once, `lost` after;
 * every statement sent is recorded.
 */
function codes(known: string[], options: { failMany?: boolean; maxCalls?: number } = {}) {
  const unused = new Set(known);
  const statements: string[][] = [];
  const redeem = (code: string) => {
    if (!unused.has(code)) return 'lost';
    unused.delete(code);
    return 'won';
  };
  const calls: CoalescedCalls<string, string> = {
    async one(code) {
      statements.push([code]);
      if (code === 'broken') throw new Error('bad row');
      return redeem(code);
    },
    async many(batch) {
      statements.push(batch);
      if (options.failMany || batch.includes('broken')) throw new Error('statement failed');
      const settled = new Map<unknown, string>();
      // Like the joint statement: it answers only for the codes it redeemed.
      for (const code of batch) if (redeem(code) === 'won') settled.set(code, 'won');
      return settled;
    },
    keyOf: (code) => code,
    maxCalls: options.maxCalls ?? 100,
  };
  return { statements, call: createCallCoalescer(calls) };
}

describe('createCallCoalescer', () => {
  it('sends the calls of one turn as one statement and gives each caller its answer', async () => {
    const { statements, call } = codes(['a', 'b', 'c']);
    expect(await Promise.all([call('a'), call('b'), call('c')])).toEqual(['won', 'won', 'won']);
    expect(statements).toEqual([['a', 'b', 'c']]);
  });

  it('sends a lone call alone', async () => {
    const { statements, call } = codes(['a']);
    expect(await call('a')).toBe('won');
    expect(await call('a')).toBe('lost');
    expect(statements).toEqual([['a'], ['a']]);
  });

  it('runs a call the statement did not settle again alone', async () => {
    const { statements, call } = codes(['a', 'b']);
    await call('a');
    expect(await Promise.all([call('a'), call('b')])).toEqual(['lost', 'won']);
    expect(statements).toEqual([['a'], ['a', 'b'], ['a']]);
  });

  it('keeps a key out of a statement that has it, and runs it alone after', async () => {
    const { statements, call } = codes(['a', 'b']);
    expect(await Promise.all([call('a'), call('b'), call('a')])).toEqual(['won', 'won', 'lost']);
    expect(statements).toEqual([['a', 'b'], ['a']]);
  });

  it('runs every call alone when the joint statement fails, each with its own outcome', async () => {
    const { statements, call } = codes(['a', 'b']);
    const results = await Promise.allSettled([call('a'), call('broken'), call('b')]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'won' },
      { status: 'rejected', reason: new Error('bad row') },
      { status: 'fulfilled', value: 'won' },
    ]);
    expect(statements).toEqual([['a', 'broken', 'b'], ['a'], ['broken'], ['b']]);
  });

  it('rejects a caller whose `one` throws before it returns a promise', async () => {
    const call = createCallCoalescer<string, string>({
      one: () => {
        throw new Error('thrown');
      },
      many: async () => new Map(),
      keyOf: (code) => code,
      maxCalls: 10,
    });
    await expect(call('a')).rejects.toThrow('thrown');
    const both = await Promise.allSettled([call('a'), call('b')]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('splits a turn into statements of at most maxCalls calls', async () => {
    const { statements, call } = codes(['a', 'b', 'c', 'd', 'e'], { maxCalls: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map(call));
    expect(statements).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });
});
