import type { Socket } from 'node:net';
import type { RedisClient } from './redis-client.js';

/** What a store calls right before it sends a command (see {@link writeCoalescer}). */
export type CorkWrites = () => void;

const off: CorkWrites = () => {};

/**
 * With `on`, a function that corks the client's socket, unless it is corked already, and
 * uncorks it at the end of the current turn of the event loop (`setImmediate`, which runs
 * once the I/O callbacks of this turn are done): the commands that concurrent requests send
 * in one turn (requests that arrived together, and the next steps of requests whose replies
 * arrived together) then leave in one `writev` instead of one system call each. A command
 * waits for the end of the turn at most, the app's own commands on the same client
 * included. Nothing is corked while the client is not ready (commands then wait in its
 * offline queue), and a socket that closes while corked fails or resends its commands as
 * for any lost connection. Only for a `Redis` client: a `Cluster` writes to one socket per
 * node.
 */
export function writeCoalescer(redis: RedisClient, on: boolean): CorkWrites {
  if (!on || redis.isCluster) return off;
  const client = redis as { status: string; stream?: Socket };
  return () => {
    const stream = client.stream;
    if (client.status !== 'ready' || stream === undefined || stream.writableCorked > 0) return;
    stream.cork();
    setImmediate(uncork, stream);
  };
}

function uncork(stream: Socket): void {
  stream.uncork();
}
