/**
 * One SQL statement a store operation needs run, and what it needs back from it: the rows,
 * the number of rows it changed, or nothing.
 */
export type Step =
  | { readonly read: 'rows'; readonly query: unknown }
  | { readonly read: 'count'; readonly query: unknown }
  | { readonly read: 'none'; readonly query: unknown };

/**
 * A store operation written once for every dialect: a generator that yields the statements
 * it needs and receives their results. A dialect decides how each statement runs — awaited
 * on an async driver, or synchronously inside a better-sqlite3 transaction, which cannot
 * span an `await`.
 */
export type Operation<T> = Generator<Step, T, unknown>;

/** Runs a select (or an `UPDATE ... RETURNING`) and gives back its rows. */
export function* rows<R>(query: unknown): Operation<R[]> {
  return (yield { read: 'rows', query }) as R[];
}

/** Runs an update or delete and gives back how many rows it changed. */
export function* count(query: unknown): Operation<number> {
  return (yield { read: 'count', query }) as number;
}

/** Runs a statement for its effect only. */
export function* exec(query: unknown): Operation<void> {
  yield { read: 'none', query };
}

/** Executes one step on a driver: synchronously or not, depending on the driver. */
export type ExecuteStep = (step: Step) => unknown;

/** Drives an operation on an async driver. */
export async function runAsync<T>(op: Operation<T>, execute: ExecuteStep): Promise<T> {
  let next = op.next();
  while (!next.done) next = op.next(await execute(next.value));
  return next.value;
}

/** Drives an operation on a synchronous driver, without ever yielding to the event loop. */
export function runSync<T>(op: Operation<T>, execute: ExecuteStep): T {
  let next = op.next();
  while (!next.done) {
    const result = execute(next.value);
    if (result instanceof Promise) {
      throw new TypeError('a synchronous SQLite driver returned a promise');
    }
    next = op.next(result);
  }
  return next.value;
}
