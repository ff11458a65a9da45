import type { PushedRequestRecord, PushedRequestStore } from './pushed-request-store.js';

/**
 * An in-process {@link PushedRequestStore} (without argument checks: `createMemoryStores`
 * wraps it in `checkedPushedRequestStore`). Atomicity comes from run-to-completion: no
 * method awaits between reading and deleting. Records are copied in and out.
 */
export function createMemoryPushedRequestStore(
  copy: <T>(value: T) => T,
  wrote: () => void = () => {},
): PushedRequestStore & { records(): PushedRequestRecord[] } {
  const byDigest = new Map<string, PushedRequestRecord>();
  return {
    async savePushedRequest(record) {
      if (byDigest.has(record.requestUriDigest)) {
        throw new Error('duplicate request_uri digest');
      }
      byDigest.set(record.requestUriDigest, copy(record));
      wrote();
    },
    async findPushedRequest(digest) {
      const r = byDigest.get(digest);
      return r ? copy(r) : null;
    },
    async consumePushedRequest(digest, clientId) {
      const r = byDigest.get(digest);
      if (!r || r.clientId !== clientId) return null;
      byDigest.delete(digest);
      return copy(r);
    },
    async deleteExpired(now) {
      let deleted = 0;
      for (const [digest, r] of byDigest) {
        if (r.expiresAt <= now && byDigest.delete(digest)) deleted++;
      }
      return deleted;
    },
    records: () => [...byDigest.values()].map(copy),
  };
}
