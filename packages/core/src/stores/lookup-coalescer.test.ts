import { describe, expect, it } from 'vitest';
import { type CoalescedLookups, createLookupCoalescer } from './lookup-coalescer.js';

interface Row {
  id: string;
  value: number;
}

/** Rows by id behind `one` and `many`, recording the keys of each statement it is sent. */
function table(options: { failMany?: boolean; maxKeys?: number } = {}) {
  const rows = new Map<string, Row>([
    ['a', { id: 'a', value: 1 }],
    ['b', { id: 'b', value: 2 }],
    ['c', { id: 'c', value: 3 }],
  ]);
  const statements: string[][] = [];
  const lookups: CoalescedLookups<string, Row> = {
    async one(key) {
      statements.push([key]);
      if (key === 'broken') throw new Error('broken key');
      return rows.get(key);
    },
    async many(keys) {
      statements.push(keys);
      if (options.failMany) throw new Error('statement failed');
      return keys.flatMap((key) => rows.get(key) ?? []).reverse();
    },
    keyOf: (row) => row.id,
    maxKeys: options.maxKeys ?? 100,
  };
  return { statements, find: createLookupCoalescer(lookups) };
}

describe('createLookupCoalescer', () => {
  it('reads the keys of one turn with one statement, each caller its own row', async () => {
    const { statements, find } = table();
    const found = await Promise.all(['a', 'x', 'c', 'a'].map(find));
    expect(found).toEqual([
      { id: 'a', value: 1 },
      undefined,
      { id: 'c', value: 3 },
      { id: 'a', value: 1 },
    ]);
    expect(statements).toEqual([['a', 'x', 'c']]);
  });

  it('reads a lone key alone, and keys of later turns in statements of their own', async () => {
    const { statements, find } = table();
    expect(await find('b')).toEqual({ id: 'b', value: 2 });
    await Promise.all([find('a'), find('c')]);
    expect(statements).toEqual([['b'], ['a', 'c']]);
  });

  it('reads every key alone when the joint statement fails', async () => {
    const { statements, find } = table({ failMany: true });
    const results = await Promise.allSettled([find('a'), find('broken'), find('b')]);
    expect(results).toEqual([
      { status: 'fulfilled', value: { id: 'a', value: 1 } },
      { status: 'rejected', reason: new Error('broken key') },
      { status: 'fulfilled', value: { id: 'b', value: 2 } },
    ]);
    expect(statements).toEqual([['a', 'broken', 'b'], ['a'], ['broken'], ['b']]);
  });

  it('rejects a caller whose lone lookup fails', async () => {
    const { find } = table();
    await expect(find('broken')).rejects.toThrow('broken key');
  });

  it('splits a turn into statements of at most maxKeys keys', async () => {
    const { statements, find } = table({ maxKeys: 2 });
    const found = await Promise.all(['a', 'b', 'c'].map(find));
    expect(found.map((row) => row?.value)).toEqual([1, 2, 3]);
    expect(statements).toEqual([['a', 'b'], ['c']]);
  });
});
