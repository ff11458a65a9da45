import type { Stores } from '../stores/stores.js';

/** Default seconds between two cleanup runs. */
export const EXPIRED_RECORD_CLEANUP_INTERVAL_SECONDS = 3600;

// setTimeout takes at most 2^31 - 1 ms and fires after 1 ms when given more.
const MAX_INTERVAL_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** What one cleanup run deleted. */
export interface ExpiredRecordCleanupResult {
  tokens: number;
  codes: number;
  /** Present when a `pushedRequests` store (RFC 9126) is cleaned too. */
  pushedRequests?: number;
}

/** A store the cleanup runs on. */
export type ExpiredRecordStoreName = 'tokens' | 'codes' | 'pushedRequests';

/** Options of {@link startExpiredRecordCleanup}. */
export interface ExpiredRecordCleanupOptions {
  /** Seconds between the end of one run and the start of the next (default 3600). */
  intervalSeconds?: number;
  /**
   * Called with each store failure (one call per failing store and run); the other store
   * still runs, and so does the next run. Default: `console.error`. Errors it throws are
   * ignored.
   */
  onError?: (error: unknown, store: ExpiredRecordStoreName) => void;
  /** Called after each run with what it deleted (a failed store counts 0). */
  onRun?: (deleted: ExpiredRecordCleanupResult) => void;
}

/** The stores a cleanup runs on: tokens or codes at least, and pushed requests when given. */
export type ExpiredRecordStores = Partial<Pick<Stores, ExpiredRecordStoreName>>;

/**
 * Deletes expired tokens and codes (and pushed authorization requests, when a
 * `pushedRequests` store is given) every `intervalSeconds` (`deleteExpired` of each store),
 * the first time one interval after the start. The timer is unref'd, so it never keeps the
 * process alive, and runs never overlap: the next is scheduled when one ends. A store
 * failure is reported to `onError` and never thrown. Several instances may run it at once:
 * `deleteExpired` is safe concurrently. Returns `stop()`, which cancels the next run and
 * resolves once a run in progress has finished.
 *
 * @example
 * const stores = createPrismaStores(prisma);
 * const stop = startExpiredRecordCleanup(stores, {
 *   onError: (error) => logger.warn({ error }, 'expired-record cleanup failed'),
 * });
 * process.on('SIGTERM', () => void stop());
 */
export function startExpiredRecordCleanup(
  stores: ExpiredRecordStores,
  options: ExpiredRecordCleanupOptions = {},
): () => Promise<void> {
  const targets = checkStores(stores);
  const intervalMs = checkInterval(options.intervalSeconds) * 1000;
  const onError = checkHook(options.onError, 'onError') ?? reportToConsole;
  const onRun = checkHook(options.onRun, 'onRun');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function deleteFrom(name: ExpiredRecordStoreName, now: Date): Promise<number> {
    const store = targets[name];
    if (!store) return 0;
    try {
      return await store.deleteExpired(now);
    } catch (error) {
      callSafely(() => onError(error, name));
      return 0;
    }
  }

  async function run(): Promise<void> {
    const now = new Date();
    const [tokens, codes, pushedRequests] = await Promise.all([
      deleteFrom('tokens', now),
      deleteFrom('codes', now),
      deleteFrom('pushedRequests', now),
    ]);
    const result = targets.pushedRequests ? { tokens, codes, pushedRequests } : { tokens, codes };
    if (onRun) callSafely(() => onRun(result));
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMs);
    timer.unref?.();
  }

  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

function checkStores(stores: ExpiredRecordStores): ExpiredRecordStores {
  if (typeof stores !== 'object' || stores === null) {
    throw new TypeError('startExpiredRecordCleanup needs the stores ({ tokens, codes })');
  }
  for (const name of ['tokens', 'codes', 'pushedRequests'] as const) {
    const store = stores[name];
    if (store !== undefined && typeof store?.deleteExpired !== 'function') {
      throw new TypeError(`startExpiredRecordCleanup: stores.${name} has no deleteExpired(now)`);
    }
  }
  if (!stores.tokens && !stores.codes) {
    throw new TypeError('startExpiredRecordCleanup needs stores.tokens or stores.codes');
  }
  return { tokens: stores.tokens, codes: stores.codes, pushedRequests: stores.pushedRequests };
}

function checkInterval(seconds = EXPIRED_RECORD_CLEANUP_INTERVAL_SECONDS): number {
  if (typeof seconds !== 'number' || !(seconds > 0) || seconds > MAX_INTERVAL_SECONDS) {
    throw new TypeError(
      `startExpiredRecordCleanup: intervalSeconds must be a number in (0, ${MAX_INTERVAL_SECONDS}]`,
    );
  }
  return seconds;
}

function checkHook<T>(hook: T | undefined, name: string): T | undefined {
  if (hook !== undefined && typeof hook !== 'function') {
    throw new TypeError(`startExpiredRecordCleanup: ${name} must be a function`);
  }
  return hook;
}

function callSafely(fn: () => void): void {
  try {
    fn();
  } catch {}
}

function reportToConsole(error: unknown, store: string): void {
  console.error(`[oauthkit] expired-record cleanup of ${store} failed`, error);
}
