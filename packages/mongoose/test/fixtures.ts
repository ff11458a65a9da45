import type {
  AuthorizationCodeRecord,
  ClientRecord,
  DeviceCodeRecord,
  TokenRecord,
} from '@oauthkit/core';
import { createRecordFactory } from '@oauthkit/store-tests';

// The shared factory of `@oauthkit/store-tests`, on a fixed instant: offline tests compare
// exact dates, so `at(s)` is that instant plus `s` seconds and nothing else.
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0, 123);
const make = createRecordFactory('second', 'client-1', T0);
export const at = (seconds: number) => make.date(seconds);

export function clientRecord(overrides: Partial<ClientRecord> = {}): ClientRecord {
  return make.client(overrides).record;
}

export function tokenRecord(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return make.token(overrides).record;
}

export function codeRecord(
  overrides: Partial<AuthorizationCodeRecord> = {},
): AuthorizationCodeRecord {
  return make.code(overrides).record;
}

export function deviceCodeRecord(overrides: Partial<DeviceCodeRecord> = {}): DeviceCodeRecord {
  return make.deviceCode(overrides).record;
}
