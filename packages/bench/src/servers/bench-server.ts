import type { Server } from 'node:http';
import type { SeededCode } from '../fixtures.js';

/** Paths of what a server serves; a scenario runs only where its route exists. */
export interface Routes {
  token?: string;
  introspection?: string;
  /** A GET route that needs a bearer token with scope `read`. */
  resource?: string;
}

/** A server under test, as its child process runs it. */
export interface BenchServer {
  http: Server;
  routes: Routes;
  /**
   * Makes `count` authorization codes for the bench client (bound to its redirect URI,
   * scope `read` and an S256 challenge), each to be redeemed once.
   */
  seedCodes?(count: number): Promise<SeededCode[]>;
  close(): Promise<void>;
}

/** Runs `task` over `items` with at most `limit` at a time (seeding a database quickly). */
export async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
