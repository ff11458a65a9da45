import { randomInt } from 'node:crypto';

/** Attempts at a statement or transaction the database aborted to break a deadlock. */
const ATTEMPTS = 8;

/**
 * Runs `attempt` again when the database aborted it to resolve a conflict (deadlock,
 * serialization failure). Only whole transactions, or statements that are their own
 * transaction, may be retried: nothing of an aborted attempt was kept.
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  isConflict: (error: unknown) => boolean,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= ATTEMPTS || !isConflict(error)) throw error;
      // Jitter so the transactions that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, randomInt(5 * i + 1)));
    }
  }
}

/** Whether an error, or any error in its `cause` chain, matches `test`. */
export function causedBy(error: unknown, test: (e: Record<string, unknown>) => boolean): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (test(e as Record<string, unknown>)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
