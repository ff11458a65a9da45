import type { RedisClient } from '../redis-client.js';
import type { CorkWrites } from '../write-coalescer.js';
import { consumeCodeScript } from './consume-code.js';
import { consumePushedRequestScript } from './consume-pushed-request.js';
import { deleteExpiredCodeScript } from './delete-expired-code.js';
import { deleteExpiredTokenScript } from './delete-expired-token.js';
import {
  decideDeviceCodeScript,
  deleteExpiredDeviceCodeScript,
  pollDeviceCodeScript,
  redeemDeviceCodeScript,
} from './device-code.js';
import { findByAccessPointerScript, findByRefreshPointerScript } from './find-token-one-node.js';
import { insertHashScript } from './insert-hash.js';
import type { LuaScript } from './lua-script.js';
import { pruneFamilyScript } from './prune-family.js';
import { readHashScript } from './read-hash.js';
import { redeemCodeScript } from './redeem-code.js';
import { releasePointerScript } from './release-pointer.js';
import { replaceHashScript } from './replace-hash.js';
import { revokeAccessTokenScript } from './revoke-access-token.js';
import { revokeAccessTokenOneNodeScript } from './revoke-access-token-one-node.js';
import { revokeFamilyScript } from './revoke-family.js';
import { rotateRefreshTokenScript } from './rotate-refresh-token.js';
import { rotateRefreshTokenOneNodeScript } from './rotate-refresh-token-one-node.js';
import { saveTokenScript } from './save-token.js';
import { saveTokenOneNodeScript } from './save-token-one-node.js';
import { withdrawTokenScript } from './withdraw-token.js';

const SCRIPTS: readonly LuaScript[] = [
  consumeCodeScript,
  consumePushedRequestScript,
  decideDeviceCodeScript,
  deleteExpiredCodeScript,
  deleteExpiredDeviceCodeScript,
  deleteExpiredTokenScript,
  findByAccessPointerScript,
  findByRefreshPointerScript,
  insertHashScript,
  pollDeviceCodeScript,
  pruneFamilyScript,
  readHashScript,
  redeemCodeScript,
  redeemDeviceCodeScript,
  releasePointerScript,
  replaceHashScript,
  revokeAccessTokenOneNodeScript,
  revokeAccessTokenScript,
  revokeFamilyScript,
  rotateRefreshTokenOneNodeScript,
  rotateRefreshTokenScript,
  saveTokenOneNodeScript,
  saveTokenScript,
  withdrawTokenScript,
];

/** Runs one of this package's scripts with its keys and arguments. */
export type RunScript = (
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

/**
 * Registers every script on the client once (ioredis sends `EVALSHA`, and loads the script
 * only on `NOSCRIPT`; a Cluster routes each call to the slot of its keys). `cork` runs before
 * each call (see `writeCoalescer`).
 */
export function createScriptRunner(redis: RedisClient, cork: CorkWrites = () => {}): RunScript {
  const commands = redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const script of SCRIPTS) {
    if (typeof commands[script.name] === 'function') continue;
    redis.defineCommand(script.name, { lua: script.lua, numberOfKeys: script.keys });
  }
  return (script, keys, args) => {
    if (keys.length !== script.keys) {
      throw new TypeError(`${script.name} takes ${script.keys} keys, got ${keys.length}`);
    }
    cork();
    return commands[script.name]!.call(redis, ...keys, ...args);
  };
}
