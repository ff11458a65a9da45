/**
 * The parts of a node-postgres `PoolClient` that `hardenPgPool` uses. Declared here rather
 * than imported from `pg`, so that the package's types need no `pg` (nor `@types/pg`) in an
 * application on another driver.
 */
export interface PgPoolClientLike {
  release: (error?: Error | boolean) => void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'end', listener: () => void): unknown;
  off(event: 'end', listener: () => void): unknown;
}

/** The parts of a node-postgres `Pool` that `hardenPgPool` uses; a `pg.Pool` is one. */
export interface PgPoolLike {
  on(event: 'connect', listener: (client: PgPoolClientLike) => void): unknown;
  connect(): Promise<PgPoolClientLike>;
}

/**
 * Makes a node-postgres pool survive connections dying under it (a database restart, a
 * failover, a network cut). Call it once on the pool you give drizzle when the stores run on
 * node-postgres:
 *
 * 1. Every client gets a permanent `error` listener. pg-pool listens only to idle clients;
 *    a checked-out client whose socket dies with no query running emits `error` with no
 *    listener, an uncaught exception that would crash a real server.
 * 2. A checked-out client whose connection ends is released (and so evicted) at once, and a
 *    second release is a no-op. drizzle-orm 0.45's node-postgres `transaction()` sends
 *    `BEGIN` before its try/finally: when `BEGIN` fails on a dead connection the client is
 *    never released, and each outage leaks pool slots until the pool is empty for good.
 *
 * Returns live counters (client errors absorbed, clients evicted) for your metrics.
 *
 * @example
 * const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: 2000 });
 * hardenPgPool(pool);
 * const stores = createDrizzleStores(drizzle(pool));
 */
export function hardenPgPool(pool: PgPoolLike): { clientErrors: number; evicted: number } {
  const stats = { clientErrors: 0, evicted: 0 };
  pool.on('connect', (client) => {
    client.on('error', () => stats.clientErrors++);
  });
  const connect = pool.connect.bind(pool) as () => Promise<PgPoolClientLike>;
  const guard = (client: PgPoolClientLike): PgPoolClientLike => {
    const release = client.release;
    let released = false;
    const releaseOnce = (error?: Error | boolean) => {
      if (released) return;
      released = true;
      client.off('end', onEnd);
      release.call(client, error);
    };
    const onEnd = () => {
      stats.evicted++;
      releaseOnce(new Error('connection ended while checked out'));
    };
    client.once('end', onEnd);
    client.release = releaseOnce;
    return client;
  };
  type Callback = (error: Error | undefined, client?: PgPoolClientLike, done?: () => void) => void;
  // Both forms: drizzle awaits connect(), pool.query() passes a callback.
  pool.connect = ((callback?: Callback) => {
    const guarded = connect().then(guard);
    if (!callback) return guarded;
    guarded.then(
      (client) => callback(undefined, client, client.release),
      (error: Error) => callback(error, undefined, () => {}),
    );
    return undefined;
  }) as PgPoolLike['connect'];
  return stats;
}
