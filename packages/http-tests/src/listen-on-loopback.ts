import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening test server: where to reach it and how to stop it. */
export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server on `127.0.0.1`, on a free port.
 *
 * @example
 * const running = await listenOnLoopback(createServer(app));
 */
export async function listenOnLoopback(server: Server): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
