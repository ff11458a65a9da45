/** Thrown by {@link withTimeout} when the call did not settle in time: a hang. */
export class HangError extends Error {
  override readonly name = 'HangError';
}

/**
 * Resolves as `promise` does, or rejects with {@link HangError} after `ms`. A property or a
 * load loop that awaits the server through this can never hang the test run: a call that
 * never answers becomes a failure with its label.
 *
 * @example
 * const response = await withTimeout(server.createTokenResponse(request), 2_000, 'token');
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) throw new TypeError('withTimeout: ms must be > 0');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`${label}: no answer after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
