import type {
  DecideDeviceCodeResult,
  DeviceCodeRecord,
  DeviceCodeStore,
  PollDeviceCodeResult,
  RedeemDeviceCodeResult,
} from '@oauthkit/core';
import { checkedDeviceCodeStore, deviceCodeDecisionRow } from '@oauthkit/core/stores';
import { and, eq, isNull, lte, not, or, sql } from 'drizzle-orm';
import { deleteInBatches } from './delete-in-batches.js';
import type { Dialect, QueryDb } from './dialects/dialect.js';
import { count, exec, type Operation, rows } from './operation.js';
import { type DeviceCodeRow, toDeviceCodeRecord, toDeviceCodeRow } from './records.js';

/** RFC 8628 3.5: "the interval MUST be increased by 5 seconds for all subsequent requests". */
const SLOW_DOWN_INCREMENT_SECONDS = 5;

/** The unique index that refuses a second record with the same user code. */
const USER_CODE_KEY = 'oauth_device_codes_user_code_digest_key';

/**
 * Rounds of the poll's two conditional UPDATEs. A round only fails when a concurrent poll
 * moved `last_polled_at` between its two statements, so each lost round is another call's
 * progress; running out means polls of one code keep arriving faster than they complete.
 */
const POLL_ROUNDS = 16;

/**
 * The {@link DeviceCodeStore} over the `oauth_device_codes` table. Every state change is one
 * conditional UPDATE of the row (its condition is the state it changes from), so the row lock
 * decides which of concurrent calls wins and nothing is read and then written back: a poll
 * never undoes an approval it did not see. `deleteExpired` deletes at most `batchSize` rows
 * per statement.
 */
export function createDeviceCodeStore(dialect: Dialect, batchSize: number): DeviceCodeStore {
  const t = dialect.tables.deviceCodes;
  const byDigest = (digest: string) => eq(t.deviceCodeDigest, digest);

  function* find(db: QueryDb, digest: string): Operation<DeviceCodeRecord | null> {
    const [row] = yield* rows<DeviceCodeRow>(db.select().from(t).where(byDigest(digest)).limit(1));
    return row ? toDeviceCodeRecord(row) : null;
  }

  /**
   * Runs `update` (a conditional UPDATE of the row `digest`) and gives back the row after it,
   * or null when the condition matched nothing. Without RETURNING (MySQL) the affected-row
   * count decides, and the re-read may already show a later change by another call.
   */
  function* updated(db: QueryDb, update: any, digest: string): Operation<DeviceCodeRecord | null> {
    if (dialect.returning) {
      const [row] = yield* rows<DeviceCodeRow>(update.returning());
      return row ? toDeviceCodeRecord(row) : null;
    }
    return (yield* count(update)) === 0 ? null : yield* find(db, digest);
  }

  return checkedDeviceCodeStore({
    async saveDeviceCode(record) {
      try {
        await dialect.run(function* (db) {
          yield* exec(db.insert(t).values(toDeviceCodeRow(record)));
        });
        return true;
      } catch (error) {
        // The unique index refuses a user code already held; any other failure (a device
        // code digest already stored among them) rejects.
        const column = 'oauth_device_codes.user_code_digest';
        if (dialect.isUniqueViolation(error, USER_CODE_KEY, column)) return false;
        throw error;
      }
    },
    async findByDeviceCode(digest) {
      return dialect.run((db) => find(db, digest));
    },
    async findByUserCode(digest) {
      return dialect.run(function* (db) {
        const [row] = yield* rows<DeviceCodeRow>(
          db.select().from(t).where(eq(t.userCodeDigest, digest)).limit(1),
        );
        return row ? toDeviceCodeRecord(row) : null;
      });
    },
    async decideDeviceCode(digest, decision, now) {
      const set = deviceCodeDecisionRow(decision, now);
      return dialect.run(function* (db): Operation<DecideDeviceCodeResult> {
        const decide = db
          .update(t)
          .set(set)
          .where(and(byDigest(digest), eq(t.status, 'pending')));
        const record = yield* updated(db, decide, digest);
        if (record) return { status: 'decided', record };
        const current = yield* find(db, digest);
        return current ? { status: 'not_pending', record: current } : { status: 'not_found' };
      });
    },
    async pollDeviceCode(digest, now) {
      return dialect.run(function* (db): Operation<PollDeviceCodeResult> {
        const tooSoon = dialect.pollTooSoon(t.lastPolledAt, t.interval, now);
        // Two statements, each deciding its own outcome under the row lock: the slow_down
        // one raises the interval in the same UPDATE that records the poll, so of N polls
        // at one instant the first is `polled` and each other adds 5 s (RFC 8628 3.5).
        for (let round = 0; round < POLL_ROUNDS; round++) {
          const poll = db
            .update(t)
            .set({ lastPolledAt: now })
            .where(and(byDigest(digest), or(isNull(t.lastPolledAt), not(tooSoon))));
          const polled = yield* updated(db, poll, digest);
          if (polled) return { status: 'polled', record: polled };
          const slowDown = db
            .update(t)
            .set({
              interval: sql`${t.interval} + ${SLOW_DOWN_INCREMENT_SECONDS}`,
              lastPolledAt: now,
            })
            .where(and(byDigest(digest), tooSoon));
          const slowed = yield* updated(db, slowDown, digest);
          if (slowed) return { status: 'slow_down', record: slowed };
          // Neither matched: the code is gone, or a concurrent poll moved last_polled_at
          // between the two statements (a later `now` than ours); count this poll again.
          if ((yield* find(db, digest)) === null) return { status: 'not_found' };
        }
        throw new Error('pollDeviceCode: the device code kept changing under concurrent polls');
      });
    },
    async redeemDeviceCode(digest, now) {
      return dialect.run(function* (db): Operation<RedeemDeviceCodeResult> {
        const redeem = db
          .update(t)
          .set({ redeemedAt: now })
          .where(and(byDigest(digest), eq(t.status, 'approved'), isNull(t.redeemedAt)));
        const record = yield* updated(db, redeem, digest);
        if (record) return { status: 'redeemed', record };
        const current = yield* find(db, digest);
        return current ? { status: 'not_redeemable', record: current } : { status: 'not_found' };
      });
    },
    async deleteExpired(now) {
      const expired = lte(t.expiresAt, now);
      return dialect.run((db) => deleteInBatches(db, t, t.deviceCodeDigest, expired, batchSize));
    },
  });
}
