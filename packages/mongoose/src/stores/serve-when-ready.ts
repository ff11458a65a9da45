import { AsyncLocalStorage } from 'node:async_hooks';
import type { Model } from 'mongoose';

/** The store call the current code runs in, and whether its caller was already answered. */
const currentCall = new AsyncLocalStorage<{ timedOut: boolean }>();

/**
 * Whether the store call this code runs in has already rejected with a timeout: its work
 * goes on in the background, and must not complete anything its caller was told failed.
 */
export function callTimedOut(): boolean {
  return currentCall.getStore()?.timedOut === true;
}

/**
 * Rejects after `timeoutMs` unless `work` settled first. The driver's own default (30 s of
 * server selection) would hold every request of an outage that long before it fails closed.
 */
export function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
  onTimeout: () => void = () => {},
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`${what}: MongoDB did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves once every model's indexes exist: the unique digest indexes are what refuse a
 * duplicate, so no store call may run before them. The first attempt is Mongoose's own
 * `init()` (which builds them when `autoIndex` is on); a failure is surfaced to the call that
 * waited, and the next call tries again with `createIndexes()`, so a store that started
 * during an outage serves once MongoDB is back. With `autoIndex` off, indexes are the
 * deployment's job (see the README) and nothing is built here.
 */
export function createIndexGate(models: readonly Model<never>[]): () => Promise<void> {
  let ready: Promise<void> | undefined;
  let attempts = 0;
  return () => {
    ready ??= (async () => {
      const first = attempts++ === 0;
      await Promise.all(
        models.map((m) => (first || !autoIndexOn(m) ? m.init() : m.createIndexes())),
      );
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}

function autoIndexOn(model: Model<never>): boolean {
  const own = model.schema.get('autoIndex') as boolean | undefined;
  const connection = (model.db as unknown as { config?: { autoIndex?: boolean } }).config;
  return (
    own ?? connection?.autoIndex ?? (model.base.get('autoIndex') as boolean | undefined) ?? true
  );
}

/**
 * The store with every method waiting for `gate` first and failing after `timeoutMs`
 * (after which {@link callTimedOut} is true in the work still running).
 *
 * @example
 * const tokens = serveWhenReady(createMongooseTokenStore(...), gate, 5000);
 */
export function serveWhenReady<T extends object>(
  store: T,
  gate: () => Promise<void>,
  timeoutMs: number,
): T {
  const out: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(store)) {
    out[name] =
      typeof method === 'function'
        ? (...args: unknown[]) => {
            const call = { timedOut: false };
            return withTimeout(
              currentCall.run(call, () =>
                gate().then(() =>
                  (method as (...a: unknown[]) => Promise<unknown>).apply(store, args),
                ),
              ),
              timeoutMs,
              name,
              () => {
                call.timedOut = true;
              },
            );
          }
        : method;
  }
  return out as T;
}
