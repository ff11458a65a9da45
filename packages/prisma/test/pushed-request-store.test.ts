import { digestToken, generateId } from '@oauthkit/core';
import {
  getServiceUrl,
  pushedRequestRecord,
  runPushedRequestStoreSuite,
} from '@oauthkit/store-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaPushedRequestStore, createPrismaStores } from '../src/index.js';
import type { Provider } from './support/generated-client.js';
import {
  createPrismaTestDatabase,
  type PrismaTestDatabase,
} from './support/prisma-test-database.js';

// One database per provider, made on first use (every migration applied); the race runs
// over the client's pool.
const cases: { provider: Provider; service: Awaited<ReturnType<typeof getServiceUrl>> | null }[] = [
  { provider: 'sqlite', service: null },
  { provider: 'postgresql', service: await getServiceUrl('postgres') },
  { provider: 'mysql', service: await getServiceUrl('mysql') },
];

for (const { provider, service } of cases) {
  const skip = service && 'skip' in service ? service.skip : undefined;
  const url = service && 'url' in service ? service.url : '';
  let db: Promise<PrismaTestDatabase> | undefined;
  const open = () => {
    db ??= createPrismaTestDatabase(provider, url, `prisma_par_${provider}`);
    return db;
  };
  afterAll(async () => (await db)?.drop());

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
}
