import { createCallCoalescer } from './call-coalescer.js';

/** How {@link createInsertCoalescer} inserts: one row alone, or several in one statement. */
export interface CoalescedInserts<R> {
  /** Inserts `row` alone; rejects with the error of its own insert (a unique violation...). */
  one(row: R): Promise<unknown>;
  /**
   * Inserts `rows` in one statement that skips a row on a conflict instead of failing, and
   * resolves the keys of the rows it inserted.
   */
  many(rows: R[]): Promise<unknown[]>;
  /** The key `many` resolves for `row`. */
  keyOf(row: R): unknown;
  /** Rows one statement of `many` carries at most. */
  maxRows: number;
}

/**
 * Joins the inserts of one event-loop turn into one statement, for a store whose database
 * takes several rows in one insert: the requests a server reads in one turn then share one
 * round trip and one commit (see {@link createCallCoalescer}, which this is). A lone insert
 * goes as `one`. Of a joint statement, a row it skipped (a conflict) is inserted again alone,
 * and if the statement fails, every row is; a row whose key is already in the statement is
 * inserted alone after it: so each caller gets what its own insert gives, its own error
 * included. Nothing is half-written: a statement commits all the rows it inserted, or none.
 *
 * @example
 * const insert = createInsertCoalescer({ one, many, keyOf: (row) => row.id, maxRows: 100 });
 * await Promise.all([insert(a), insert(b)]); // one statement for both
 */
export function createInsertCoalescer<R>(inserts: CoalescedInserts<R>): (row: R) => Promise<void> {
  const { one, many, keyOf, maxRows } = inserts;
  const insert = createCallCoalescer<R, void>({
    one: (row) => one(row).then(() => undefined),
    many: async (rows) => new Map((await many(rows)).map((key) => [key, undefined])),
    keyOf,
    maxCalls: maxRows,
  });
  return insert;
}
