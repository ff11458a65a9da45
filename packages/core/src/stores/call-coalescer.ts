/** How {@link createCallCoalescer} runs a call: alone, or with others in one statement. */
export interface CoalescedCalls<A, V> {
  /** Runs `arg` alone; resolves or rejects with what its own statement gives. */
  one(arg: A): Promise<V>;
  /**
   * Runs `args` (never two with the same key) in one statement that commits all of what it
   * does or nothing, and resolves the outcome of each call it settled, by key. A call whose key
   * is missing from the answer is run again alone (a row skipped on a conflict, a code already
   * consumed...).
   */
  many(args: A[]): Promise<ReadonlyMap<unknown, V>>;
  /** The key of `arg`: what `many` answers by, and what two calls of one statement never share. */
  keyOf(arg: A): unknown;
  /** Calls one statement of `many` carries at most. */
  maxCalls: number;
}

interface Pending<A, V> {
  arg: A;
  resolve(value: V): void;
  reject(error: unknown): void;
}

/**
 * Joins the calls of one event-loop turn into one statement, for a store whose database can
 * do several in one: the requests a server reads in one turn then share one round trip and
 * one commit. The statement leaves on `setImmediate`, after the turn's I/O callbacks. A lone
 * call goes as `one`. Each caller gets what its own call alone would give:
 * - a call the joint statement did not settle is run again alone;
 * - if the joint statement fails, every call of it is run alone, so a failure is never shared
 *   by a call that had nothing to do with it;
 * - a call whose key is already in the statement waits for it, then runs alone (so of two
 *   inserts of one key the first wins, and of two redemptions of one code the second sees it
 *   consumed).
 *
 * @example
 * const redeem = createCallCoalescer({ one, many, keyOf: (r) => r.digest, maxCalls: 100 });
 * await Promise.all([redeem(a), redeem(b)]); // one statement for both
 */
export function createCallCoalescer<A, V>(calls: CoalescedCalls<A, V>): (arg: A) => Promise<V> {
  const { one, keyOf, maxCalls } = calls;
  let pending: Pending<A, V>[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 1) {
      settle(batch[0]!, one);
      return;
    }
    const keys = new Set<unknown>();
    const joint: Pending<A, V>[] = [];
    const later: Pending<A, V>[] = [];
    for (const p of batch) {
      const key = keyOf(p.arg);
      if (keys.has(key)) later.push(p);
      else {
        keys.add(key);
        joint.push(p);
      }
    }
    const statements: Promise<void>[] = [];
    for (let i = 0; i < joint.length; i += maxCalls) {
      statements.push(runTogether(calls, joint.slice(i, i + maxCalls)));
    }
    if (later.length > 0) {
      void Promise.all(statements).then(() => {
        for (const p of later) settle(p, one);
      });
    }
  };
  return (arg) =>
    new Promise<V>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ arg, resolve, reject });
    });
}

async function runTogether<A, V>(
  { one, many, keyOf }: CoalescedCalls<A, V>,
  batch: Pending<A, V>[],
): Promise<void> {
  let settled: ReadonlyMap<unknown, V>;
  try {
    settled = await many(batch.map((p) => p.arg));
  } catch {
    // Every call alone: each caller gets the outcome of its own.
    settled = new Map();
  }
  const alone: Promise<void>[] = [];
  for (const p of batch) {
    const key = keyOf(p.arg);
    if (settled.has(key)) p.resolve(settled.get(key) as V);
    else alone.push(settle(p, one));
  }
  await Promise.all(alone);
}

/** Runs `p` alone; resolves when its caller is settled, whatever the outcome. */
function settle<A, V>(p: Pending<A, V>, one: (arg: A) => Promise<V>): Promise<void> {
  let done: Promise<V>;
  try {
    done = one(p.arg);
  } catch (error) {
    done = Promise.reject(error);
  }
  return done.then(p.resolve, p.reject);
}
