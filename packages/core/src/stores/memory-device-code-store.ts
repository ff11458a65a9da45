import type {
  DeviceCodeRecord,
  DeviceCodeStore,
  PollDeviceCodeResult,
} from './device-code-store.js';

/** RFC 8628 3.5: "the interval MUST be increased by 5 seconds for all subsequent requests". */
export const SLOW_DOWN_INCREMENT_SECONDS = 5;

/**
 * An in-process {@link DeviceCodeStore} (without argument checks: `createMemoryStores` wraps
 * it in `checkedDeviceCodeStore`). Atomicity comes from run-to-completion: no method awaits
 * between reading and writing. Records are copied in and out, like a database.
 */
export function createMemoryDeviceCodeStore(
  copy: <T>(value: T) => T,
  wrote: () => void = () => {},
): DeviceCodeStore & { records(): DeviceCodeRecord[] } {
  const byDevice = new Map<string, DeviceCodeRecord>();
  const byUser = new Map<string, DeviceCodeRecord>();
  const out = (r: DeviceCodeRecord | undefined) => (r ? copy(r) : null);

  return {
    async saveDeviceCode(record) {
      if (byDevice.has(record.deviceCodeDigest)) throw new Error('duplicate device code digest');
      if (byUser.has(record.userCodeDigest)) return false;
      const r = copy({ ...record, extensions: record.extensions ?? {} });
      byDevice.set(r.deviceCodeDigest, r);
      byUser.set(r.userCodeDigest, r);
      wrote();
      return true;
    },
    async findByDeviceCode(digest) {
      return out(byDevice.get(digest));
    },
    async findByUserCode(digest) {
      return out(byUser.get(digest));
    },
    async decideDeviceCode(digest, decision, now) {
      const r = byDevice.get(digest);
      if (!r) return { status: 'not_found' };
      if (r.status !== 'pending') return { status: 'not_pending', record: copy(r) };
      r.status = decision.status;
      r.decidedAt = new Date(now.getTime());
      if (decision.status === 'approved') {
        r.userId = decision.userId;
        r.grantedScope = decision.grantedScope;
        r.extensions = copy(decision.extensions ?? r.extensions ?? {});
      }
      return { status: 'decided', record: copy(r) };
    },
    async pollDeviceCode(digest, now): Promise<PollDeviceCodeResult> {
      const r = byDevice.get(digest);
      if (!r) return { status: 'not_found' };
      const tooSoon =
        r.lastPolledAt !== null && now.getTime() - r.lastPolledAt.getTime() < r.interval * 1000;
      if (tooSoon) r.interval += SLOW_DOWN_INCREMENT_SECONDS;
      r.lastPolledAt = new Date(now.getTime());
      return { status: tooSoon ? 'slow_down' : 'polled', record: copy(r) };
    },
    async redeemDeviceCode(digest, now) {
      const r = byDevice.get(digest);
      if (!r) return { status: 'not_found' };
      if (r.status !== 'approved' || r.redeemedAt !== null) {
        return { status: 'not_redeemable', record: copy(r) };
      }
      r.redeemedAt = new Date(now.getTime());
      return { status: 'redeemed', record: copy(r) };
    },
    async deleteExpired(now) {
      let deleted = 0;
      for (const [digest, r] of byDevice) {
        if (r.expiresAt > now) continue;
        byDevice.delete(digest);
        if (byUser.get(r.userCodeDigest) === r) byUser.delete(r.userCodeDigest);
        deleted++;
      }
      return deleted;
    },
    records: () => [...byDevice.values()].map(copy),
  };
}
