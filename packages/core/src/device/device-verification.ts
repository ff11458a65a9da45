import { InvalidGrantError, InvalidScopeError } from '../errors/errors.js';
import type { Client } from '../models/client.js';
import { isScopeSubset, isValidScope, listToScope, scopeToList } from '../models/scope.js';
import type { User } from '../models/user.js';
import { RateLimitedError } from '../rate-limit/rate-limited-token-endpoint.js';
import type { RateLimiter, RateLimitKeys } from '../rate-limit/rate-limiter.js';
import type { GrantContextServices } from '../server/server-internals.js';
import { callStore } from '../stores/call-store.js';
import type { DeviceCodeRecord, DeviceCodeStore } from '../stores/device-code-store.js';
import type { RecordExtensions } from '../stores/record-extensions.js';
import { deviceAuthorizationSettings } from './device-settings.js';
import { digestUserCode, normalizeUserCode } from './user-code.js';

/**
 * A pending device authorization, as the verification page shows it (the device-grant
 * counterpart of `validateConsentRequest`'s answer): which client asks for which scope.
 */
export interface DeviceVerificationRequest {
  client: Client;
  /** The scope the device asked for: what the page offers to grant. */
  scope: string;
  /** The user code in its display form (`WDJB-MJHT`), to show back to the user. */
  userCode: string;
  expiresAt: Date;
}

/** Who is entering a user code: attempts are limited per key (RFC 8628 5.1). */
export interface DeviceVerificationCaller {
  /**
   * The browser session id, or the client address your deployment trusts. Failed attempts
   * are counted against it and against the code entered; a key or code with too many
   * failures is refused (429) before the code is looked up.
   */
  key: string;
}

/** What {@link AuthorizationServer.approveDeviceAuthorization} is told besides the user code. */
export interface DeviceApproval extends DeviceVerificationCaller {
  /** The scope the user granted: at most the requested scope. Default: all of it. */
  scope?: string;
  /** Kept with the authorization and the tokens issued for it (see {@link RecordExtensions}). */
  extensions?: RecordExtensions;
}

/** What the verification API needs from the server. */
export interface DeviceVerificationContext {
  server: GrantContextServices;
  limiter: RateLimiter;
}

/**
 * Looks up a pending, unexpired user code. Every failure (malformed, unknown, expired,
 * already answered) is the same `invalid_grant` and counts one failure against the caller
 * and the code, so the answer never tells whether a code exists.
 */
export async function validateUserCode(
  context: DeviceVerificationContext,
  userCode: string,
  caller: DeviceVerificationCaller,
): Promise<DeviceVerificationRequest> {
  const { record, client, display } = await lookUp(context, userCode, caller);
  return { client, scope: record.scope, userCode: display, expiresAt: record.expiresAt };
}

/**
 * Approves the device authorization for `user` with the granted scope (at most the
 * requested one). Atomic: of an approval and a denial racing, one wins; the loser gets the
 * same `invalid_grant` as for an unknown code.
 */
export async function approveDeviceAuthorization(
  context: DeviceVerificationContext,
  userCode: string,
  user: User,
  approval: DeviceApproval,
): Promise<DeviceVerificationRequest> {
  const userId = user?.getUserId?.();
  if (typeof userId !== 'string' || userId === '') {
    throw new TypeError('approveDeviceAuthorization needs a user with a getUserId()');
  }
  const { record, client, display, keys } = await lookUp(context, userCode, approval);
  const granted = approval.scope ?? record.scope;
  if (typeof granted !== 'string' || (granted !== '' && !isValidScope(granted))) {
    throw new InvalidScopeError();
  }
  if (!isScopeSubset(granted, record.scope)) throw new InvalidScopeError();
  await decide(context, record, keys, {
    status: 'approved',
    userId,
    grantedScope: listToScope(scopeToList(granted)),
    extensions: approval.extensions ?? {},
  });
  return { client, scope: record.scope, userCode: display, expiresAt: record.expiresAt };
}

/** Denies the device authorization: the device's next poll gets `access_denied`. */
export async function denyDeviceAuthorization(
  context: DeviceVerificationContext,
  userCode: string,
  caller: DeviceVerificationCaller,
): Promise<void> {
  const { record, keys } = await lookUp(context, userCode, caller);
  await decide(context, record, keys, { status: 'denied' });
}

function store(server: GrantContextServices): DeviceCodeStore {
  deviceAuthorizationSettings(server.config);
  return server.services.store('deviceCodes');
}

async function lookUp(
  { server, limiter }: DeviceVerificationContext,
  userCode: string,
  caller: DeviceVerificationCaller,
) {
  if (typeof caller?.key !== 'string' || caller.key === '') {
    throw new TypeError('the device verification API needs a caller key (session id or address)');
  }
  const deviceCodes = store(server);
  const normalized = normalizeUserCode(userCode);
  const keys: RateLimitKeys = {
    address: caller.key,
    userCode: normalized ?? (typeof userCode === 'string' ? userCode.slice(0, 64) : ''),
  };
  if (await callStore(() => limiter.isLimited(keys))) {
    throw new RateLimitedError(limiter.retryAfterSeconds);
  }
  const fail = async () => {
    await callStore(() => limiter.recordFailure(keys));
    return new InvalidGrantError({ description: 'user_code_invalid' });
  };
  if (normalized === null) throw await fail();
  const record = await callStore(() => deviceCodes.findByUserCode(digestUserCode(normalized)));
  const now = server.services.now();
  if (record === null || record.status !== 'pending' || record.expiresAt <= now) {
    throw await fail();
  }
  const client = await callStore(() => server.queryClient(record.clientId));
  if (client === null) throw await fail();
  const display = `${normalized.slice(0, 4)}-${normalized.slice(4)}`;
  return { record, client, display, keys };
}

async function decide(
  { server, limiter }: DeviceVerificationContext,
  record: DeviceCodeRecord,
  keys: RateLimitKeys,
  decision: Parameters<DeviceCodeStore['decideDeviceCode']>[1],
): Promise<void> {
  const now = server.services.now();
  const result = await callStore(() =>
    store(server).decideDeviceCode(record.deviceCodeDigest, decision, now),
  );
  if (result.status !== 'decided') {
    await callStore(() => limiter.recordFailure(keys));
    throw new InvalidGrantError({ description: 'user_code_invalid' });
  }
}
