import type { Socket } from 'node:net';
import { createRedisStores } from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deleteKeys } from './helpers/raw-redis.js';
import { makeCode } from './helpers/records.js';
import { REDIS_URL } from './helpers/redis-url.js';

const prefix = redisKeyPrefix('coalesce-writes');
const clients: Redis[] = [];

async function readyClient(options: RedisOptions = {}): Promise<Redis> {
  const client = new Redis(REDIS_URL, options);
  clients.push(client);
  await client.ping();
  return client;
}

/** Records how many commands each write of the socket carries (`_writev` takes several). */
function countWrites(socket: Socket): number[] {
  const writes: number[] = [];
  const target = socket as unknown as {
    _write(...args: unknown[]): void;
    _writev(chunks: unknown[], cb: unknown): void;
  };
  const write = target._write.bind(socket);
  const writev = target._writev.bind(socket);
  target._write = (...args) => {
    writes.push(1);
    write(...args);
  };
  target._writev = (chunks, cb) => {
    writes.push(chunks.length);
    writev(chunks, cb);
  };
  return writes;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});
afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('coalesceWrites', () => {
  it('sends the commands of one event-loop turn in one write, the app’s own included', async () => {
    const client = await readyClient();
    const stores = createRedisStores(client, { prefix });
    const codes = [makeCode().record, makeCode().record, makeCode().record];
    for (const code of codes) await stores.codes.saveCode(code);
    await client.set(`${prefix}own`, 'mine');

    const writes = countWrites(client.stream as Socket);
    const found = await Promise.all([
      ...codes.map((code) => stores.codes.findCode(code.codeDigest)),
      client.get(`${prefix}own`),
    ]);
    expect(found).toEqual([...codes, 'mine']);
    expect(writes).toEqual([4]);
  });

  it('joins commands sent from separate callbacks of one turn', async () => {
    const client = await readyClient();
    const stores = createRedisStores(client, { prefix });
    const codes = [makeCode().record, makeCode().record];
    for (const code of codes) await stores.codes.saveCode(code);

    const writes = countWrites(client.stream as Socket);
    // Two callbacks of the same check phase, like two requests read in one poll phase.
    const found = await Promise.all(
      codes.map(
        (code) =>
          new Promise((resolve) =>
            setImmediate(() => resolve(stores.codes.findCode(code.codeDigest))),
          ),
      ),
    );
    expect(found).toEqual(codes);
    expect(writes).toEqual([2]);
  });

  it('writes each command at once when off', async () => {
    const client = await readyClient();
    const stores = createRedisStores(client, { prefix, coalesceWrites: false });
    const codes = [makeCode().record, makeCode().record, makeCode().record];
    for (const code of codes) await stores.codes.saveCode(code);

    const writes = countWrites(client.stream as Socket);
    const pending = codes.map((code) => stores.codes.findCode(code.codeDigest));
    expect((client.stream as Socket).writableCorked).toBe(0);
    expect(await Promise.all(pending)).toEqual(codes);
    expect(writes).toEqual([1, 1, 1]);
  });

  it('uncorks the socket at the end of the event-loop turn', async () => {
    const client = await readyClient();
    const stores = createRedisStores(client, { prefix });
    const code = makeCode().record;
    await stores.codes.saveCode(code);
    const socket = client.stream as Socket;

    const pending = stores.codes.findCode(code.codeDigest);
    expect(socket.writableCorked).toBe(1);
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(socket.writableCorked, 'still corked after the tick').toBe(1);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(socket.writableCorked).toBe(0);
    expect(await pending).toEqual(code);
  });

  /** Sends a findCode, then destroys the socket while the command is still corked in it. */
  async function findCodeThenCloseSocket(client: Redis) {
    const stores = createRedisStores(client, { prefix });
    const code = makeCode().record;
    await stores.codes.saveCode(code);
    const pending = stores.codes.findCode(code.codeDigest);
    expect((client.stream as Socket).writableCorked).toBe(1);
    client.stream.destroy();
    return { code, pending };
  }

  it('loses no command when the socket closes while corked', async () => {
    // ioredis resends what was unanswered once it has reconnected.
    const { code, pending } = await findCodeThenCloseSocket(await readyClient());
    expect(await pending).toEqual(code);
  });

  it('fails the command, instead of hanging, when the socket closes for good', async () => {
    const client = await readyClient({ retryStrategy: () => null });
    const { pending } = await findCodeThenCloseSocket(client);
    await expect(pending).rejects.toThrow();
  });

  it('is a boolean', () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    expect(() => createRedisStores(redis, { coalesceWrites: 'yes' as never })).toThrow(
      /coalesceWrites must be a boolean/,
    );
  });
});
