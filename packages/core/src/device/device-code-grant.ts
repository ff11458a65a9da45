import { digestToken } from '../crypto/digest.js';
import { InvalidGrantError } from '../errors/errors.js';
import type { TokenGrant } from '../grants/token-grant.js';
import { requiredParam } from '../request/required-param.js';
import { callStore } from '../stores/call-store.js';
import { DEVICE_CODE_GRANT_TYPE } from './device-code-grant-type.js';
import {
  AuthorizationPendingError,
  DeviceAccessDeniedError,
  ExpiredTokenError,
  SlowDownError,
} from './device-errors.js';

/**
 * `urn:ietf:params:oauth:grant-type:device_code` (RFC 8628 3.4, 3.5): the device polls the
 * token endpoint with its device code until the user has answered.
 *
 * Order matters: a code of another client changes nothing (not even its poll count), an
 * expired code answers `expired_token`, then every poll is counted in one atomic store step
 * (`slow_down` when it came too early, the interval raised by 5 s for good), and only then
 * does the status decide the answer. Tokens come from the one `redeemDeviceCode` that wins:
 * of N concurrent polls after the approval, one gets tokens and the others `invalid_grant`.
 */
export function createDeviceCodeGrant(): TokenGrant {
  return {
    grantType: DEVICE_CODE_GRANT_TYPE,
    parameters: ['device_code'],
    requiredStores: ['deviceCodes'],
    async createTokenResponse({ request, params, client, services }) {
      const deviceCode = requiredParam(params, 'device_code');
      const store = services.store('deviceCodes');
      const digest = digestToken(deviceCode);
      const found = await callStore(() => store.findByDeviceCode(digest));
      // Another client's code is refused like an unknown one (RFC 8628 3.4: the device code is
      // bound to the client it was issued to) and leaves the record untouched.
      if (found === null || found.clientId !== client.clientId) {
        throw new InvalidGrantError({ description: 'device_code_invalid' });
      }
      const now = services.now();
      if (found.expiresAt <= now) throw new ExpiredTokenError();
      if (found.redeemedAt !== null) {
        throw new InvalidGrantError({ description: 'device_code_invalid' });
      }
      const polled = await callStore(() => store.pollDeviceCode(digest, now));
      if (polled.status === 'not_found') {
        throw new InvalidGrantError({ description: 'device_code_invalid' });
      }
      if (polled.status === 'slow_down') throw new SlowDownError();
      const record = polled.record;
      if (record.status === 'pending') throw new AuthorizationPendingError();
      if (record.status === 'denied') throw new DeviceAccessDeniedError();
      const redeemed = await callStore(() => store.redeemDeviceCode(digest, now));
      if (redeemed.status !== 'redeemed') {
        throw new InvalidGrantError({ description: 'device_code_invalid' });
      }
      const approved = redeemed.record;
      if (approved.userId === null || approved.grantedScope === null) {
        // An approved record without its user is a store that broke its contract: nothing issued.
        throw new InvalidGrantError({ description: 'device_code_invalid' });
      }
      const user = await callStore(() => services.queryUser(approved.userId!));
      if (!user) throw new InvalidGrantError({ description: 'device_code_invalid' });
      const token = await services.generateToken({
        client,
        grantType: DEVICE_CODE_GRANT_TYPE,
        user,
        scope: approved.grantedScope,
        includeRefreshToken: client.checkGrantType('refresh_token'),
      });
      await callStore(() =>
        services.saveToken(token, {
          client,
          user,
          grantType: DEVICE_CODE_GRANT_TYPE,
          familyId: approved.familyId,
          issuedAt: now,
          request,
          extensions: approved.extensions ?? {},
        }),
      );
      return { token, user };
    },
  };
}
