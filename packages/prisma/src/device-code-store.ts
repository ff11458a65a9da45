import type {
  DecideDeviceCodeResult,
  DeviceCodeRecord,
  DeviceCodeStatus,
  DeviceCodeStore,
  PollDeviceCodeResult,
  RedeemDeviceCodeResult,
} from '@oauthkit/core';
import {
  checkedDeviceCodeStore,
  deviceCodeDecisionRow,
  fromRecordRow,
  toRecordRow,
} from '@oauthkit/core/stores';
import {
  type DeleteExpiredOptions,
  deleteInBatches,
  resolveBatchSize,
} from './delete-in-batches.js';
import { isUniqueViolation } from './is-unique-violation.js';
import type { OauthDeviceCodeRow, PrismaDelegates } from './prisma-client-like.js';
import { retryOnWriteConflict } from './retry-on-write-conflict.js';

/** Options of {@link createPrismaDeviceCodeStore}. */
export interface PrismaDeviceCodeStoreOptions extends DeleteExpiredOptions {}

/** RFC 8628 3.5: "the interval MUST be increased by 5 seconds for all subsequent requests". */
const SLOW_DOWN_INCREMENT_SECONDS = 5;

/**
 * Rounds of a poll's compare-and-set. A round is lost only when another poll of the same code
 * wrote in between (that poll made progress), so running out means polls of one code keep
 * arriving faster than they complete: the call rejects, and the server answers 503.
 */
const POLL_ROUNDS = 256;

/**
 * A {@link DeviceCodeStore} (RFC 8628) over the `OauthDeviceCode` model (`oauth_device_codes`).
 * Every state change is one `updateMany` whose filter is the state it changes from (`status:
 * 'pending'`; `status: 'approved', redeemedAt: null`), so the database decides which of
 * concurrent calls wins. A poll, whose slow_down test compares two columns with `now`, is a
 * compare-and-set: one `updateMany` filtered on the `lastPolledAt` and `interval` it read,
 * writing only those two columns, so it can never undo an approval. The user-code digest is a
 * unique key: a taken user code makes `saveDeviceCode` answer `false`.
 *
 * @example
 * const deviceCodes = createPrismaDeviceCodeStore(prisma);
 * const result = await deviceCodes.redeemDeviceCode(digestToken(deviceCode), new Date());
 */
export function createPrismaDeviceCodeStore(
  prisma: Pick<PrismaDelegates, 'oauthDeviceCode'>,
  options: PrismaDeviceCodeStoreOptions = {},
): DeviceCodeStore {
  const rows = prisma.oauthDeviceCode;
  const batchSize = resolveBatchSize(options);

  // Exact match only: MySQL's PAD SPACE collations also match a key with trailing spaces.
  async function find(deviceCodeDigest: string): Promise<OauthDeviceCodeRow | null> {
    const row = await rows.findUnique({ where: { deviceCodeDigest } });
    return row?.deviceCodeDigest === deviceCodeDigest ? row : null;
  }

  /** Runs the conditional update of an existing row and reads the row after it. */
  async function change(
    deviceCodeDigest: string,
    where: Partial<OauthDeviceCodeRow>,
    data: Partial<OauthDeviceCodeRow>,
  ): Promise<{ won: boolean; row: OauthDeviceCodeRow | null }> {
    const { count } = await retryOnWriteConflict(() =>
      rows.updateMany({ where: { ...where, deviceCodeDigest }, data }),
    );
    return { won: count === 1, row: await find(deviceCodeDigest) };
  }

  return checkedDeviceCodeStore({
    async saveDeviceCode(record) {
      try {
        await retryOnWriteConflict(() => rows.create({ data: toRow(record) }));
        return true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A device code digest already stored rejects (never overwrite); otherwise the
        // unique user code refused the row.
        if ((await find(record.deviceCodeDigest)) !== null) throw error;
        return false;
      }
    },
    async findByDeviceCode(digest) {
      const row = await find(digest);
      return row ? toRecord(row) : null;
    },
    async findByUserCode(userCodeDigest) {
      const row = await rows.findUnique({ where: { userCodeDigest } });
      return row?.userCodeDigest === userCodeDigest ? toRecord(row) : null;
    },
    async decideDeviceCode(digest, decision, now): Promise<DecideDeviceCodeResult> {
      if ((await find(digest)) === null) return { status: 'not_found' };
      const data: Partial<OauthDeviceCodeRow> = deviceCodeDecisionRow(decision, now);
      const { won, row } = await change(digest, { status: 'pending' }, data);
      if (!row) return { status: 'not_found' };
      return { status: won ? 'decided' : 'not_pending', record: toRecord(row) };
    },
    async pollDeviceCode(digest, now): Promise<PollDeviceCodeResult> {
      for (let round = 0; round < POLL_ROUNDS; round++) {
        const before = await find(digest);
        if (!before) return { status: 'not_found' };
        const tooSoon =
          before.lastPolledAt !== null &&
          now.getTime() - before.lastPolledAt.getTime() < before.interval * 1000;
        const interval = before.interval + (tooSoon ? SLOW_DOWN_INCREMENT_SECONDS : 0);
        const { won, row } = await change(
          digest,
          { lastPolledAt: before.lastPolledAt, interval: before.interval },
          { lastPolledAt: now, interval },
        );
        if (!row) return { status: 'not_found' };
        if (won) return { status: tooSoon ? 'slow_down' : 'polled', record: toRecord(row) };
      }
      throw new Error('pollDeviceCode: the device code kept changing under concurrent polls');
    },
    async redeemDeviceCode(digest, now): Promise<RedeemDeviceCodeResult> {
      if ((await find(digest)) === null) return { status: 'not_found' };
      const { won, row } = await change(
        digest,
        { status: 'approved', redeemedAt: null },
        { redeemedAt: now },
      );
      if (!row) return { status: 'not_found' };
      return { status: won ? 'redeemed' : 'not_redeemable', record: toRecord(row) };
    },
    async deleteExpired(now) {
      const where = { expiresAt: { lte: now } };
      return deleteInBatches((limit) => rows.deleteMany({ where, limit }), batchSize);
    },
  });
}

// Copied field by field (core's row helpers), so that columns a user added to the model stay
// out of the records.
function toRow(record: DeviceCodeRecord): OauthDeviceCodeRow {
  return toRecordRow('deviceCode', record);
}

function toRecord(row: OauthDeviceCodeRow): DeviceCodeRecord {
  return fromRecordRow('deviceCode', { ...row, status: row.status as DeviceCodeStatus });
}
