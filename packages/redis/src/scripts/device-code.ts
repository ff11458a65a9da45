import { deleteExpiredHashScript } from './delete-expired-hash.js';
import type { LuaScript } from './lua-script.js';

// The atomic steps of a device authorization (RFC 8628), each a script on the record's own
// key (one slot). Each returns {0} for an unknown record, else {1 or 2, fields after}: 1 when
// the step happened, 2 when it did not (or, for a poll, when it came too early).

/**
 * The user's answer, only from `pending`. KEYS: record. ARGV: now ms, status, user id,
 * granted scope, extensions JSON ('' for a denial's last three).
 */
export const decideDeviceCodeScript: LuaScript = {
  name: 'oauthkitDecideDeviceCode',
  keys: 1,
  lua: `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {0} end
if status ~= 'pending' then return {2, redis.call('HGETALL', KEYS[1])} end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'decided_at', ARGV[1])
if ARGV[2] == 'approved' then
  redis.call('HSET', KEYS[1], 'user_id', ARGV[3], 'granted_scope', ARGV[4], 'extensions', ARGV[5])
end
return {1, redis.call('HGETALL', KEYS[1])}
`,
};

/**
 * Counts a poll: too early (less than `interval` s after the last one) raises the interval
 * by ARGV[2] seconds and answers 2. KEYS: record. ARGV: now ms, increment s.
 */
export const pollDeviceCodeScript: LuaScript = {
  name: 'oauthkitPollDeviceCode',
  keys: 1,
  lua: `
local f = redis.call('HMGET', KEYS[1], 'status', 'interval', 'last_polled_at')
if not f[1] then return {0} end
local now = tonumber(ARGV[1])
local last = tonumber(f[3])
local slow = last ~= nil and (now - last) < tonumber(f[2]) * 1000
if slow then redis.call('HINCRBY', KEYS[1], 'interval', tonumber(ARGV[2])) end
redis.call('HSET', KEYS[1], 'last_polled_at', ARGV[1])
return {slow and 2 or 1, redis.call('HGETALL', KEYS[1])}
`,
};

/** Claims an approved, unredeemed record. KEYS: record. ARGV: now ms. */
export const redeemDeviceCodeScript: LuaScript = {
  name: 'oauthkitRedeemDeviceCode',
  keys: 1,
  lua: `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {0} end
if status ~= 'approved' or redis.call('HEXISTS', KEYS[1], 'redeemed_at') == 1 then
  return {2, redis.call('HGETALL', KEYS[1])}
end
redis.call('HSET', KEYS[1], 'redeemed_at', ARGV[1])
return {1, redis.call('HGETALL', KEYS[1])}
`,
};

/**
 * Deletes one record if its `expires_at` is at or before `now`, checking and deleting in one
 * step. Returns 1 when it deleted the record. KEYS: record. ARGV: device code digest, now ms.
 */
export const deleteExpiredDeviceCodeScript = deleteExpiredHashScript(
  'oauthkitDeleteExpiredDeviceCode',
  'device_code_digest',
);
