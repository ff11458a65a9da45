import type { AddressInfo } from 'node:net';
import type { ChildMessage, ParentMessage } from './ipc.js';
import { startServer } from './servers/start-server.js';

// The entry of one server's child process: starts it on a loopback port, reports the port
// and routes, then seeds codes when asked and exits when told (or when the bench is gone).
const send = (message: ChildMessage) => process.send?.(message);
const id = process.argv[2] ?? '';

try {
  const server = await startServer(id, process.env);
  server.http.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const { port } = server.http.address() as AddressInfo;
  const stop = async () => {
    server.http.close();
    server.http.closeAllConnections();
    await server.close().catch(() => {});
    // A normal exit, so that --cpu-prof writes its profile.
    process.exit(0);
  };
  process.on('disconnect', stop);
  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'stop') return stop();
    if (message.type === 'seed') {
      try {
        const codes = server.seedCodes ? await server.seedCodes(message.count) : [];
        send({ type: 'seeded', codes });
      } catch (error) {
        send({ type: 'failed', message: String((error as Error)?.stack ?? error) });
      }
    }
  });
  send({ type: 'ready', port, routes: server.routes, canSeed: server.seedCodes !== undefined });
} catch (error) {
  send({ type: 'failed', message: String((error as Error)?.stack ?? error) });
  process.exit(1);
}
