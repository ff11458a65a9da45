// The soak's server process, forked by soak.ts so that the memory measured is the server's
// alone. Talks over IPC: sends `ready`, answers `sample` with its memory (after a forced GC
// when started with --expose-gc), and closes on `stop`.
import { createSoakServer } from './create-soak-server.js';
import { createSoakStores, type SoakStoreKind } from './soak-stores.js';
import { createSqlSoakStores, SQL_SOAK_STORES, type SqlSoakStoreKind } from './sql-soak-stores.js';

const kind = process.argv[2] ?? 'memory';
const sql = (SQL_SOAK_STORES as readonly string[]).includes(kind);
const {
  stores,
  close: closeStores,
  pool,
} = sql
  ? await createSqlSoakStores(kind as SqlSoakStoreKind)
  : { ...(await createSoakStores(kind as SoakStoreKind)), pool: undefined };
const soak = await createSoakServer(stores);
const send = (message: unknown) => process.send?.(message);

process.on('message', async (message: { type: string }) => {
  if (message.type === 'sample') {
    globalThis.gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    send({ type: 'memory', memory: { rss, heapUsed, heapTotal, external }, pool: pool?.() });
  } else if (message.type === 'stop') {
    await soak.close();
    await closeStores();
    process.disconnect?.();
  }
});
send({
  type: 'ready',
  url: soak.url,
  client: soak.client,
  gc: typeof globalThis.gc === 'function',
});
