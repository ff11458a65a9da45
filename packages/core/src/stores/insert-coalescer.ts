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

interface Pending<R> {
  row: R;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Joins the inserts of one event-loop turn into one statement, for a store whose database
 * takes several rows in one insert: the requests a server reads in one turn then share one
 * round trip and one commit. The statement leaves on `setImmediate`, after the turn's I/O
 * callbacks. A lone insert goes as `one`. Of a joint statement, a row it skipped (a conflict)
 * is inserted again alone, and if the statement fails, every row is: so each caller gets what
 * its own insert gives, its own error included, and a failure is never shared by a row that
 * had nothing to do with it. Nothing is half-written: a statement commits all the rows it
 * inserted, or none.
 *
 * @example
 * const insert = createInsertCoalescer({ one, many, keyOf: (row) => row.id, maxRows: 100 });
 * await Promise.all([insert(a), insert(b)]); // one statement for both
 */
export function createInsertCoalescer<R>(inserts: CoalescedInserts<R>): (row: R) => Promise<void> {
  const { one, maxRows } = inserts;
  let pending: Pending<R>[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 1) {
      settle(batch[0]!, one(batch[0]!.row));
      return;
    }
    for (let i = 0; i < batch.length; i += maxRows) {
      void insertTogether(inserts, batch.slice(i, i + maxRows));
    }
  };
  return (row) =>
    new Promise<void>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ row, resolve, reject });
    });
}

async function insertTogether<R>(
  { one, many, keyOf }: CoalescedInserts<R>,
  batch: Pending<R>[],
): Promise<void> {
  let inserted: Set<unknown>;
  try {
    inserted = new Set(await many(batch.map((p) => p.row)));
  } catch {
    // Every row alone: each caller gets the error of its own insert.
    inserted = new Set();
  }
  for (const p of batch) {
    // A key counts once: of two rows with the same key, the statement inserted the first.
    if (inserted.delete(keyOf(p.row))) p.resolve();
    else settle(p, one(p.row));
  }
}

function settle<R>(pending: Pending<R>, done: Promise<unknown>): void {
  done.then(() => pending.resolve(), pending.reject);
}
