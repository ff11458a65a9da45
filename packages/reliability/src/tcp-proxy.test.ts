import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTcpProxy, type TcpProxy } from './tcp-proxy.js';

// A local echo server stands in for the database.
let echo: ReturnType<typeof createServer>;
let echoPort: number;
beforeAll(async () => {
  echo = createServer((socket) => {
    socket.on('error', () => {}); // reset by the proxy's cut
    socket.pipe(socket);
  });
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  echoPort = (echo.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

async function open(proxy: TcpProxy): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: proxy.port });
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

/** Sends `text` and resolves what came back within `ms`, or `null`. */
function roundTrip(socket: Socket, text: string, ms = 300): Promise<string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    socket.once('data', (data) => {
      clearTimeout(timer);
      resolve(data.toString());
    });
    socket.write(text);
  });
}

// Not events.once: it would reject on the 'error' (ECONNRESET) that comes before 'close'.
const closed = (socket: Socket) =>
  new Promise<void>((resolve) => {
    if (socket.destroyed) resolve();
    else socket.on('close', () => resolve());
  });

describe('createTcpProxy', () => {
  test('forwards both ways, resets every connection on cut and new ones while cut, and lets them through after restore', async () => {
    const proxy = await createTcpProxy({ port: echoPort });
    try {
      const before = await open(proxy);
      expect(await roundTrip(before, 'ping')).toBe('ping');
      proxy.cut();
      await closed(before);
      // Accepted by the kernel, then reset at once: it may not even see `connect`.
      const during = connect({ host: '127.0.0.1', port: proxy.port }).on('error', () => {});
      await closed(during);
      expect(proxy.stats.refusedWhileCut).toBe(1);
      proxy.restore();
      const after = await open(proxy);
      expect(await roundTrip(after, 'pong')).toBe('pong');
      after.destroy();
      expect(proxy.stats.accepted).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  test('in blackhole mode nothing flows and nothing is closed, until restore closes the dead connections', async () => {
    const proxy = await createTcpProxy({ port: echoPort });
    try {
      const held = await open(proxy);
      proxy.cut('blackhole');
      expect(await roundTrip(held, 'lost', 200)).toBeNull();
      const swallowed = await open(proxy);
      expect(await roundTrip(swallowed, 'lost too', 200)).toBeNull();
      expect(held.destroyed || swallowed.destroyed).toBe(false);
      proxy.restore();
      await Promise.all([closed(held), closed(swallowed)]);
      const after = await open(proxy);
      expect(await roundTrip(after, 'back')).toBe('back');
      after.destroy();
    } finally {
      await proxy.close();
    }
  });

  test('refuses a target without a port', async () => {
    await expect(createTcpProxy({ port: 0 })).rejects.toThrow(TypeError);
  });
});
