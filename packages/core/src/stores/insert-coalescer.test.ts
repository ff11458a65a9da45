import { describe, expect, it } from 'vitest';
import { type CoalescedInserts, createInsertCoalescer } from './insert-coalescer.js';

interface Row {
  id: string;
}

/** A table of unique ids behind `one` and `many`, recording each statement it is sent. */
function table(options: { failMany?: boolean; maxRows?: number } = {}) {
  const ids = new Set<string>();
  const statements: string[][] = [];
  const inserts: CoalescedInserts<Row> = {
    async one(row) {
      statements.push([row.id]);
      if (ids.has(row.id)) throw new Error(`duplicate ${row.id}`);
      ids.add(row.id);
    },
    async many(rows) {
      statements.push(rows.map((r) => r.id));
      if (options.failMany) throw new Error('statement failed');
      const inserted: string[] = [];
      for (const { id } of rows) {
        if (ids.has(id)) continue;
        ids.add(id);
        inserted.push(id);
      }
      return inserted;
    },
    keyOf: (row) => row.id,
    maxRows: options.maxRows ?? 100,
  };
  return { ids, statements, insert: createInsertCoalescer(inserts) };
}

describe('createInsertCoalescer', () => {
  it('sends the inserts of one turn as one statement', async () => {
    const { ids, statements, insert } = table();
    await Promise.all([insert({ id: 'a' }), insert({ id: 'b' }), insert({ id: 'c' })]);
    expect(statements).toEqual([['a', 'b', 'c']]);
    expect([...ids]).toEqual(['a', 'b', 'c']);
  });

  it('sends a lone insert alone, and inserts of later turns in statements of their own', async () => {
    const { statements, insert } = table();
    await insert({ id: 'a' });
    await Promise.all([insert({ id: 'b' }), insert({ id: 'c' })]);
    expect(statements).toEqual([['a'], ['b', 'c']]);
  });

  it('gives a row the statement skipped the error of its own insert, and saves the others', async () => {
    const { ids, statements, insert } = table();
    await insert({ id: 'a' });
    const results = await Promise.allSettled([
      insert({ id: 'b' }),
      insert({ id: 'a' }),
      insert({ id: 'b' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('duplicate a'));
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('duplicate b'));
    // The second `b` is not sent with the first: it is inserted alone after the statement.
    expect(statements).toEqual([['a'], ['b', 'a'], ['a'], ['b']]);
    expect([...ids]).toEqual(['a', 'b']);
  });

  it('inserts every row alone when the joint statement fails', async () => {
    const { ids, statements, insert } = table({ failMany: true });
    await Promise.all([insert({ id: 'a' }), insert({ id: 'b' })]);
    expect(statements).toEqual([['a', 'b'], ['a'], ['b']]);
    expect([...ids]).toEqual(['a', 'b']);
  });

  it('rejects a caller whose lone insert fails', async () => {
    const { insert } = table();
    await insert({ id: 'a' });
    await expect(insert({ id: 'a' })).rejects.toThrow('duplicate a');
  });

  it('splits a turn into statements of at most maxRows rows', async () => {
    const { statements, insert } = table({ maxRows: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => insert({ id })));
    expect(statements).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });
});
