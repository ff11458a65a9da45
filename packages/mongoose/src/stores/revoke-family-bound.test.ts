import { MAX_REVOKE_FAMILY_ROUNDS } from '@oauthkit/core/stores';
import { describe, expect, it } from 'vitest';
import { at } from '../../test/fixtures.js';
import { createOfflineConnection } from '../../test/offline-connection.js';
import { scriptDriver } from '../../test/scripted-driver.js';
import { createMongooseStores } from './create-mongoose-stores.js';

// revokeFamily repeats its updateMany until a pass modifies nothing, at most
// MAX_REVOKE_FAMILY_ROUNDS times (offline, over a scripted driver: no MongoDB here).

function storesAnswering(modifiedPerPass: (pass: number) => number) {
  const { connection, models } = createOfflineConnection();
  const sent = scriptDriver([models.Token as never], (_op, i) => ({
    result: { acknowledged: true, matchedCount: 1, modifiedCount: modifiedPerPass(i) },
  }));
  return { stores: createMongooseStores(connection, { transactions: false }), sent };
}

describe('revokeFamily (offline, scripted driver)', () => {
  it('repeats until a pass modifies nothing, and counts what every pass revoked', async () => {
    const { stores, sent } = storesAnswering((pass) => [3, 2, 0][pass] ?? 0);
    expect(await stores.tokens.revokeFamily('fam', at(1))).toBe(5);
    expect(sent.map((s) => s.method)).toEqual(['updateMany', 'updateMany', 'updateMany']);
  });

  it('rejects after the shared number of rounds when the family keeps changing', async () => {
    const { stores, sent } = storesAnswering(() => 1);
    await expect(stores.tokens.revokeFamily('fam', at(1))).rejects.toThrow(/kept changing/);
    expect(sent).toHaveLength(MAX_REVOKE_FAMILY_ROUNDS);
  });
});
