import type { Socket } from 'node:net';
import type { RedisClient } from './redis-client.js';

/** What a store calls right before it sends a command (see {@link writeCoalescer}). */
export type CorkWrites = () => void;

const off: CorkWrites = () => {};

/**
 * With `on`, a function that corks the client's socket, unless it is corked already, and
 * uncorks it once the current tick is over (`process.nextTick`): the commands that
 * concurrent requests send in one tick (typically the continuations of several replies that
 * arrived together) then leave in one `writev` instead of one system call each. A command
 * is delayed to the end of the tick at most, the app's own commands on the same client
 * included. Nothing is corked while the client is not ready (commands then wait in its
 * offline queue), and a socket that closes while corked fails its commands as any lost
 * connection does. Only for a `Redis` client: a `Cluster` writes to one socket per node.
 */
export function writeCoalescer(redis: RedisClient, on: boolean): CorkWrites {
  if (!on || redis.isCluster) return off;
  const client = redis as { status: string; stream?: Socket };
  return () => {
    const stream = client.stream;
    if (client.status !== 'ready' || stream === undefined || stream.writableCorked > 0) return;
    stream.cork();
    process.nextTick(uncork, stream);
  };
}

function uncork(stream: Socket): void {
  stream.uncork();
}
