import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

/** How {@link TcpProxy.cut} breaks the link. */
export type CutMode =
  /** Every connection is reset and new ones are reset on accept: a crashed or unplugged server. */
  | 'reset'
  /** Connections stay open but nothing flows either way, and new ones are never answered: a partition. */
  | 'blackhole';

/** A TCP proxy on 127.0.0.1 whose link to the service a test can cut and restore. */
export interface TcpProxy {
  /** The port clients connect to instead of the service's. */
  readonly port: number;
  /** Breaks the link (see {@link CutMode}) until {@link restore}. */
  cut(mode?: CutMode): void;
  /** Lets new connections through again (connections cut stay dead, as after a real outage). */
  restore(): void;
  /** Connections accepted, and connections refused or swallowed while cut. */
  readonly stats: { accepted: number; refusedWhileCut: number };
  close(): Promise<void>;
}

/**
 * Starts a proxy between a store client and its service, so a test owns an outage without
 * touching the shared server: point the client at `proxy.port`, then `cut()` and
 * `restore()`.
 *
 * @example
 * const proxy = await createTcpProxy({ port: 5432 });
 * const pool = new pg.Pool({ host: '127.0.0.1', port: proxy.port, ... });
 * proxy.cut(); // 3 s of outage
 * proxy.restore();
 */
export async function createTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  if (!Number.isInteger(target?.port) || target.port <= 0) {
    throw new TypeError('createTcpProxy: target.port must be a TCP port');
  }
  const host = target.host ?? '127.0.0.1';
  let mode: CutMode | null = null;
  const live = new Set<Socket>();
  const stats = { accepted: 0, refusedWhileCut: 0 };
  const track = (socket: Socket) => {
    live.add(socket);
    socket.on('close', () => live.delete(socket));
    // A reset peer is the point of the exercise, not an error of the proxy.
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (mode !== null) {
      stats.refusedWhileCut++;
      if (mode === 'reset') client.resetAndDestroy();
      else client.pause();
      return;
    }
    stats.accepted++;
    const upstream = connect({ host, port: target.port });
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    port,
    stats,
    cut(cutMode = 'reset') {
      mode = cutMode;
      for (const socket of live) {
        if (cutMode === 'reset') socket.resetAndDestroy();
        else {
          socket.unpipe();
          socket.pause();
        }
      }
    },
    restore() {
      mode = null;
      // Black-holed connections never recover: their peers must time out and reconnect.
      for (const socket of live) socket.destroy();
    },
    async close() {
      for (const socket of live) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
