import { digestToken } from '../crypto/digest.js';
import { generateId, generateToken } from '../crypto/generate-token.js';
import type { Endpoint } from '../endpoints/endpoint.js';
import { requireForm } from '../endpoints/token-endpoint.js';
import { TemporarilyUnavailableError, UnauthorizedClientError } from '../errors/errors.js';
import { validateRequestedScope } from '../grants/validate-scope.js';
import { jsonResponse } from '../response/oauth2-response.js';
import { callStore } from '../stores/call-store.js';
import { pendingDeviceCodeRecord } from '../stores/pending-device-code-record.js';
import { DEVICE_CODE_GRANT_TYPE } from './device-code-grant-type.js';
import { deviceAuthorizationSettings } from './device-settings.js';
import { digestUserCode, generateUserCode, normalizeUserCode } from './user-code.js';

/**
 * Draws of a user code before giving up: 20^8 codes make a collision with a live one rare,
 * so several in a row mean the store is not answering as it should (fail closed, 503).
 */
const USER_CODE_DRAWS = 5;

/**
 * The device authorization endpoint (RFC 8628 3.1, 3.2): a client, authenticated as at the
 * token endpoint (a public client names itself with `client_id`), asks for a device code
 * and a user code. Only clients registered for the device grant may; the scope is checked
 * as the token endpoint checks it. The device code is 256 random bits and only its digest
 * is stored, like the user code's.
 */
export function createDeviceAuthorizationEndpoint(): Endpoint {
  return {
    name: 'device_authorization',
    path: '/device_authorization',
    methods: ['POST'],
    cors: true,
    metadataKey: 'device_authorization_endpoint',
    clientAuth: {},
    requiredStores: ['deviceCodes'],
    async handle(request, server) {
      const form = requireForm(request);
      const settings = deviceAuthorizationSettings(server.config);
      const { client } = await server.authenticateClient(request, 'device_authorization');
      if (!client.checkGrantType(DEVICE_CODE_GRANT_TYPE)) throw new UnauthorizedClientError();
      const scope = validateRequestedScope(form.get('scope'), client, server.config);
      const store = server.services.store('deviceCodes');
      const now = server.services.now();
      const deviceCode = generateToken();
      for (let draw = 0; draw < USER_CODE_DRAWS; draw++) {
        const userCode = generateUserCode();
        const saved = await callStore(() =>
          store.saveDeviceCode(
            pendingDeviceCodeRecord({
              deviceCodeDigest: digestToken(deviceCode),
              userCodeDigest: digestUserCode(normalizeUserCode(userCode)!),
              clientId: client.clientId,
              scope,
              familyId: generateId(),
              issuedAt: now,
              expiresAt: new Date(now.getTime() + settings.deviceCodeExpiresIn * 1000),
              interval: settings.intervalSeconds,
              extensions: {},
            }),
          ),
        );
        if (!saved) continue;
        const complete = new URL(settings.verificationUri);
        complete.searchParams.set('user_code', userCode);
        return jsonResponse(200, {
          device_code: deviceCode,
          user_code: userCode,
          verification_uri: settings.verificationUri,
          verification_uri_complete: complete.href,
          expires_in: settings.deviceCodeExpiresIn,
          interval: settings.intervalSeconds,
        });
      }
      throw new TemporarilyUnavailableError({
        cause: new Error(`no free user code after ${USER_CODE_DRAWS} draws`),
      });
    },
  };
}
