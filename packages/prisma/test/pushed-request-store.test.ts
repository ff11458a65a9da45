import { digestToken, generateId } from '@oauthkit/core';
import { pushedRequestRecord, runPushedRequestStoreSuite } from '@oauthkit/store-tests';
import { describe, expect, it } from 'vitest';
import { createPrismaPushedRequestStore, createPrismaStores } from '../src/index.js';
import { eachProviderDatabase } from './support/each-provider-database.js';

eachProviderDatabase('prisma_par', ({ provider, skip, open }) => {
  runPushedRequestStoreSuite({
    name: `prisma/${provider}`,
    skip,
    create: async () => createPrismaPushedRequestStore((await open()).prisma),
  });

  describe.skipIf(skip)(`createPrismaPushedRequestStore on ${provider}`, () => {
    it('keeps the digest, never the request_uri, and deletes the row when used', async () => {
      const { prisma, raw } = await open();
      const store = createPrismaStores(prisma).pushedRequests!;
      const requestUri = `urn:ietf:params:oauth:request_uri:${generateId()}`;
      const record = { ...pushedRequestRecord(), requestUriDigest: digestToken(requestUri) };
      await store.savePushedRequest(record);
      const rows = await raw.query(
        'SELECT request_uri_digest, client_id, parameters FROM oauth_pushed_requests WHERE client_id = ?',
        [record.clientId],
      );
      expect(rows).toEqual([
        {
          request_uri_digest: record.requestUriDigest,
          client_id: record.clientId,
          parameters: record.parameters,
        },
      ]);
      expect(JSON.stringify(rows)).not.toContain(requestUri);
      expect(await store.consumePushedRequest(record.requestUriDigest, record.clientId)).toEqual(
        record,
      );
      const left = await raw.query('SELECT 1 FROM oauth_pushed_requests WHERE client_id = ?', [
        record.clientId,
      ]);
      expect(left).toEqual([]);
    });

    it('refuses a client without the model', async () => {
      const { prisma } = await open();
      expect(() => createPrismaPushedRequestStore({} as never)).toThrow(TypeError);
      expect(() => createPrismaPushedRequestStore(prisma, { deleteExpiredBatchSize: 0 })).toThrow(
        TypeError,
      );
    });
  });
});
