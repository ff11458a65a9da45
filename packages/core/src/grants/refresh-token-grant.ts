import { digestToken } from '../crypto/digest.js';
import { InvalidGrantError, InvalidScopeError } from '../errors/errors.js';
import { isScopeSubset, isValidScope, listToScope, scopeToList } from '../models/scope.js';
import { requiredParam } from '../request/required-param.js';
import {
  narrowResources,
  requestedResources,
  scopeForResources,
} from '../resources/requested-resources.js';
import { extensionsForResource } from '../resources/token-resources.js';
import { callStore } from '../stores/call-store.js';
import type { TokenRecord } from '../stores/token-store.js';
import type { GrantServices, TokenGrant } from './token-grant.js';

/**
 * `refresh_token` (RFC 6749 6). Refresh tokens are bound to their client; a narrower scope
 * may be asked for, never a wider one. Public clients' refresh tokens always rotate (RFC 9700
 * 4.14.2), confidential clients' when `rotateConfidentialRefreshTokens` is on. A rotated
 * token presented again revokes its whole family, newest token included — unless it comes
 * back within `refreshTokenReuseGraceSeconds`, which refuses it without revoking.
 */
export function createRefreshTokenGrant(): TokenGrant {
  return {
    grantType: 'refresh_token',
    parameters: ['refresh_token', 'scope', 'resource'],
    repeatableParameters: ['resource'],
    requiredStores: ['tokens'],
    async createTokenResponse({ request, params, client, services }) {
      const presented = requiredParam(params, 'refresh_token');
      const requested = requestedResources(params, client, services.config);
      const digest = digestToken(presented);
      const now = services.now();
      const record = await callStore(() => services.tokens().findByRefreshToken(digest));
      if (!record || record.clientId !== client.clientId) throw invalid();
      if (record.rotatedAt !== null) {
        if (!withinGrace(record.rotatedAt, now, services)) await revokeFamily(services, record);
        throw invalid();
      }
      if (record.revokedAt !== null) throw invalid();
      if (record.refreshTokenExpiresAt !== null && record.refreshTokenExpiresAt <= now) {
        throw invalid();
      }
      // RFC 8707 2.2: a refresh may narrow the resources; the refresh token keeps them all.
      const resource = narrowResources(requested, record.extensions?.resource ?? []);
      const extensions = extensionsForResource(record.extensions ?? {}, resource);
      // The scope authorized at the code, when resources narrowed this record's (RFC 6749 6:
      // never more than was granted).
      const granted = record.extensions?.grantedScope ?? record.scope;
      const scope = scopeForResources(
        narrowScope(params.get('scope'), granted),
        resource,
        services.config,
      );
      const user =
        record.userId === null
          ? null
          : await callStore(() => services.queryUser(record.userId as string));
      if (record.userId !== null && !user) throw invalid();
      const rotate = client.isPublic || services.config.rotateConfidentialRefreshTokens;
      const token = await services.generateToken({
        client,
        grantType: 'refresh_token',
        user,
        scope,
        includeRefreshToken: rotate,
        resource,
        extensions,
      });
      const origin = { extensions: record.extensions ?? {} };
      const info = {
        client,
        user,
        grantType: 'refresh_token',
        familyId: record.familyId,
        issuedAt: now,
        request,
        extensions,
      };
      if (!rotate) {
        await callStore(() => services.saveToken(token, info));
        return { token, user, origin };
      }
      if (token.refreshToken === undefined) {
        // Rotation needs a new refresh token; without a generator the old one stays valid.
        await callStore(() => services.saveToken(token, info));
        return { token, user, origin };
      }
      // The rotation and the tokens it issues are one store step, through the same save hook
      // as every other token (SECURITY.md 29): a failure leaves the old refresh token usable.
      const won = await callStore(async () =>
        rotationOutcome(
          await services.saveToken(token, {
            ...info,
            replaces: { refreshTokenDigest: digest, scope: record.scope },
          }),
        ),
      );
      if (!won) {
        // Another request rotated (or revoked) it between our read and our write: a reuse,
        // judged like one that came after the rotation, grace window included.
        const current = await callStore(() => services.tokens().findByRefreshToken(digest));
        if (!current?.rotatedAt || !withinGrace(current.rotatedAt, now, services)) {
          await revokeFamily(services, record);
        }
        throw invalid();
      }
      return { token, user, origin };
    },
  };
}

const invalid = () => new InvalidGrantError({ description: 'refresh_token_invalid' });

// A save hook that answers a rotation with anything but a boolean did not perform it: the old
// refresh token would stay valid beside the new one. Fail closed (503), with the reason kept.
function rotationOutcome(answer: unknown): boolean {
  if (typeof answer === 'boolean') return answer;
  throw new TypeError('saveToken must resolve true or false for a rotation (request.replaces)');
}

// A concurrent rotation may be stamped a little after this request's `now`: with no grace
// window, any reuse revokes, whatever the clocks say.
function withinGrace(rotatedAt: Date, now: Date, services: GrantServices): boolean {
  const graceMs = services.config.refreshTokenReuseGraceSeconds * 1000;
  return graceMs > 0 && now.getTime() - rotatedAt.getTime() < graceMs;
}

function narrowScope(requested: string | undefined, granted: string): string {
  if (requested === undefined) return granted;
  if (!isValidScope(requested) || !isScopeSubset(requested, granted)) {
    throw new InvalidScopeError({ description: 'scope_exceeds_grant' });
  }
  return listToScope(scopeToList(requested));
}

async function revokeFamily(services: GrantServices, record: TokenRecord): Promise<void> {
  await callStore(() => services.tokens().revokeFamily(record.familyId, services.now()));
  services.events.emit('tokenRevoked', {
    familyId: record.familyId,
    record: null,
    client: null,
    reason: 'refresh_token_reuse',
  });
}
