// The soak's server process, forked by soak.ts so that the memory measured is the server's
// alone. Talks over IPC: sends `ready`, answers `sample` with its memory (after a forced GC
// when started with --expose-gc), and closes on `stop`.
import { createSoakServer } from './create-soak-server.js';
import { createSoakStores, type SoakStoreKind } from './soak-stores.js';

const kind = (process.argv[2] ?? 'memory') as SoakStoreKind;
const { stores, close: closeStores } = await createSoakStores(kind);
const soak = await createSoakServer(stores);
const send = (message: unknown) => process.send?.(message);

process.on('message', async (message: { type: string }) => {
  if (message.type === 'sample') {
    globalThis.gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    send({ type: 'memory', memory: { rss, heapUsed, heapTotal, external } });
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
