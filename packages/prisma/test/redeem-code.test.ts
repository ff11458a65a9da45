import type { AuthorizationCodeRecord, TokenRecord, TokenStore } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import {
  createPrismaAuthorizationCodeStore,
  createPrismaStores,
  createPrismaTokenStore,
} from '../src/index.js';
import { eachProviderDatabase } from './support/each-provider-database.js';
import { at, codeRecord, tokenRecord } from './support/test-records.js';

// The store conformance suite (postgresql/mysql/sqlite.test.ts) holds redeemCode to every
// guarantee through createPrismaStores; here, what is the Prisma store's own: which token
// stores it accepts, and the same guarantees for stores made one by one.

const code = (): AuthorizationCodeRecord =>
  codeRecord('redeem-client', {
    redirectUri: 'https://app.example/cb',
    extensions: { authTime: 1 },
  });

const token = (familyId: string): TokenRecord => tokenRecord('redeem-client', familyId);

eachProviderDatabase('prisma_redeem', ({ provider, skip, open }) => {
  describe.skipIf(skip)(`redeemCode on ${provider}`, () => {
    async function familyRows(familyId: string): Promise<number> {
      const { raw } = await open();
      const rows = await raw.query(
        'SELECT access_token_digest FROM oauth_tokens WHERE family_id = ?',
        [familyId],
      );
      return rows.length;
    }

    it('accepts a token store of this package over the same client, made on its own', async () => {
      const { prisma } = await open();
      const codes = createPrismaAuthorizationCodeStore(prisma);
      const tokens = createPrismaTokenStore(prisma);
      const saved = code();
      await codes.saveCode(saved);
      const issued = token(saved.familyId);
      expect(await codes.redeemCode!(saved.codeDigest, at(5), issued, tokens)).toEqual({
        status: 'consumed',
        code: saved,
      });
      expect(await tokens.findByAccessToken(issued.accessTokenDigest)).toEqual(issued);
      const again = token(saved.familyId);
      expect(await codes.redeemCode!(saved.codeDigest, at(6), again, tokens)).toEqual({
        status: 'replayed',
        code: { ...saved, consumedAt: at(5), replayedAt: at(6) },
      });
      expect(await familyRows(saved.familyId)).toBe(1);
    });

    it('declines a token store over another client or of another package, changing nothing', async () => {
      const { prisma } = await open();
      const { codes, tokens } = createPrismaStores(prisma);
      // The same delegates behind another client object: not the client this store writes to.
      const otherClient = createPrismaTokenStore({
        oauthToken: prisma.oauthToken,
        $transaction: prisma.$transaction.bind(prisma),
      });
      const foreign: TokenStore = { ...tokens };
      const saved = code();
      await codes.saveCode(saved);
      for (const other of [otherClient, foreign]) {
        expect(
          await codes.redeemCode!(saved.codeDigest, at(5), token(saved.familyId), other),
        ).toBeUndefined();
      }
      expect(await codes.findCode(saved.codeDigest)).toEqual(saved);
      expect(await familyRows(saved.familyId)).toBe(0);
    });

    it('50 concurrent redeems: one consumed and exactly one token row; a failed insert consumes nothing', async () => {
      const { prisma } = await open();
      const { codes, tokens } = createPrismaStores(prisma);
      const saved = code();
      await codes.saveCode(saved);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          codes.redeemCode!(saved.codeDigest, at(i + 1), token(saved.familyId), tokens),
        ),
      );
      expect(results.filter((r) => r?.status === 'consumed')).toHaveLength(1);
      expect(results.filter((r) => r?.status === 'replayed')).toHaveLength(49);
      expect(await familyRows(saved.familyId)).toBe(1);

      // A token whose digest is already stored: the redemption rejects, the code stays unused.
      const fresh = code();
      await codes.saveCode(fresh);
      const taken = token(fresh.familyId);
      await tokens.saveToken(taken);
      const clash = { ...token(fresh.familyId), accessTokenDigest: taken.accessTokenDigest };
      await expect(codes.redeemCode!(fresh.codeDigest, at(7), clash, tokens)).rejects.toThrow();
      expect(await codes.findCode(fresh.codeDigest)).toEqual(fresh);
      expect(await familyRows(fresh.familyId)).toBe(1);
    });
  });
});
