import type { AuthorizationCodeRecord, ClientRecord, TokenRecord } from '@oauthkit/core';
import { createRecordFactory } from '@oauthkit/store-tests';

/** Seconds from now as a Date (negative: in the past). */
export const inSeconds = (seconds: number): Date => new Date(Date.now() + seconds * 1000);

// The shared factory of `@oauthkit/store-tests`, with dates from the wall clock: Redis keeps
// a record only until its TTL, so these tests need real "now"-relative expiries.
const make = () => createRecordFactory('second', 'client-1', Date.now());

/** A token record from fresh random tokens, expiring in an hour (refresh: in 30 days). */
export function makeToken(overrides: Partial<TokenRecord> = {}) {
  return make().token(overrides);
}

/** A code record from a fresh random code, expiring in ten minutes. */
export function makeCode(overrides: Partial<AuthorizationCodeRecord> = {}) {
  return make().code(overrides);
}

export function makeClient(overrides: Partial<ClientRecord> = {}) {
  return make().client(overrides);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
