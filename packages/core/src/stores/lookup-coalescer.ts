/** How {@link createLookupCoalescer} reads: one key alone, or several in one statement. */
export interface CoalescedLookups<K, R> {
  /** The row of `key`, read alone, or `undefined`. */
  one(key: K): Promise<R | undefined>;
  /** The rows of `keys` (each key once), read in one statement, in any order. */
  many(keys: K[]): Promise<R[]>;
  /** The key of a row `many` gave. */
  keyOf(row: R): K;
  /** Keys one statement of `many` carries at most. */
  maxKeys: number;
}

interface Pending<K, R> {
  key: K;
  resolve(row: R | undefined): void;
  reject(error: unknown): void;
}

/**
 * Joins the lookups by key of one event-loop turn into one statement (`WHERE key = ANY(...)`),
 * for a store whose database reads several keys at once: the requests a server reads in one
 * turn then share one round trip. The statement leaves on `setImmediate`, after the turn's
 * I/O callbacks; a lone lookup goes as `one`. If the joint statement fails, every key is read
 * again alone, so each caller gets what its own lookup gives, its own error included.
 *
 * @example
 * const find = createLookupCoalescer({ one, many, keyOf: (row) => row.id, maxKeys: 100 });
 * const [a, b] = await Promise.all([find('a'), find('b')]); // one statement for both
 */
export function createLookupCoalescer<K, R>(
  lookups: CoalescedLookups<K, R>,
): (key: K) => Promise<R | undefined> {
  const { one, maxKeys } = lookups;
  let pending: Pending<K, R>[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 1) {
      const [{ key, resolve, reject }] = batch as [Pending<K, R>];
      one(key).then(resolve, reject);
      return;
    }
    const keys = [...new Set(batch.map((p) => p.key))];
    for (let i = 0; i < keys.length; i += maxKeys) {
      const chunk = new Set(keys.slice(i, i + maxKeys));
      void readTogether(
        lookups,
        [...chunk],
        batch.filter((p) => chunk.has(p.key)),
      );
    }
  };
  return (key) =>
    new Promise<R | undefined>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ key, resolve, reject });
    });
}

async function readTogether<K, R>(
  { one, many, keyOf }: CoalescedLookups<K, R>,
  keys: K[],
  batch: Pending<K, R>[],
): Promise<void> {
  let rows: R[];
  try {
    rows = await many(keys);
  } catch {
    // Every key alone: each caller gets the error of its own lookup.
    for (const { key, resolve, reject } of batch) one(key).then(resolve, reject);
    return;
  }
  const byKey = new Map<K, R>();
  for (const row of rows) byKey.set(keyOf(row), row);
  for (const { key, resolve } of batch) resolve(byKey.get(key));
}
