import type { Redis } from 'ioredis';
import { createStatementLog, type StatementLog } from './statement-log.js';

/**
 * Logs every command `redis` sends, as the connection sends it: a Lua script (`EVALSHA`)
 * is one command whatever it does inside; a pipeline's commands count one each. Wraps the
 * client's own `sendCommand`, which every command (pipelined or not) goes through.
 */
export function countRedisCommands(redis: Redis): StatementLog {
  const log = createStatementLog();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string; args: unknown[] }, ...rest: unknown[]) => {
    const key = command.args.find((a) => typeof a === 'string' && a.includes(':'));
    log.push(`${command.name.toUpperCase()}${key ? ` ${String(key)}` : ''}`);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof redis.sendCommand;
  return log;
}
