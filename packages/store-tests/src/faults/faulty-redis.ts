import { createFaultBudget, injectedFailure } from './fault-budget.js';

/** The part of an ioredis `Redis` or `Cluster` the injection replaces. */
interface CommandSender {
  sendCommand(command: { reject(error: Error): void; promise: Promise<unknown> }): unknown;
}

/**
 * Makes an ioredis client (standalone or Cluster) fail on purpose: once `okCalls` more
 * commands have been sent, every later command fails as a dropped connection would. Call it
 * once the client is ready, so that its own handshake is not counted.
 *
 * @example
 * const client = new Redis(url);
 * await client.ping();
 * injectRedisFailures(client, 3);
 */
export function injectRedisFailures<C extends object>(client: C, okCalls: number): C {
  const budget = createFaultBudget(okCalls);
  const sender = client as unknown as CommandSender;
  const send = sender.sendCommand.bind(sender);
  sender.sendCommand = (command) => {
    if (budget.spend()) return send(command);
    command.reject(injectedFailure());
    return command.promise;
  };
  return client;
}
