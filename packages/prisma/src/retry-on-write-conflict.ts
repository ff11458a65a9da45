import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** Attempts of a write that the database aborted as a deadlock, before giving up. */
const ATTEMPTS = 8;

/**
 * Runs `write` again when the database aborted it as a deadlock or write conflict (Prisma's
 * P2034). InnoDB under REPEATABLE READ (the MySQL/MariaDB default) takes gap locks, so a
 * family-wide UPDATE and a rotation's INSERT into the same family can deadlock; the victim
 * was rolled back whole, so running it again is safe and re-checks every condition.
 */
export async function retryOnWriteConflict<T>(write: () => PromiseLike<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= ATTEMPTS) throw error;
      // Jitter, so that the transactions that deadlocked do not meet again in the same order.
      await sleep(randomInt(5 * attempt + 1));
    }
  }
}

function isWriteConflict(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2034'
  );
}
