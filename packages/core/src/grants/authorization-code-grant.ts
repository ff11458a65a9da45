import { digestToken } from '../crypto/digest.js';
import { InvalidGrantError, InvalidRequestError } from '../errors/errors.js';
import type { User } from '../models/user.js';
import { requiredParam } from '../request/required-param.js';
import {
  narrowResources,
  requestedResources,
  scopeForResources,
} from '../resources/requested-resources.js';
import { extensionsForResource } from '../resources/token-resources.js';
import type { AuthorizationCodeRecord } from '../stores/authorization-code-store.js';
import { callStore } from '../stores/call-store.js';
import type { IssuedToken } from '../tokens/issued-token.js';
import type { AuthorizationGrant } from './authorization-grant.js';
import { createCodeResponseType } from './code-response-type.js';
import { verifyCodeChallenge } from './pkce.js';
import type {
  GrantServices,
  SaveTokenRequest,
  TokenGrant,
  TokenGrantContext,
} from './token-grant.js';

/**
 * `authorization_code`: the `code` response type at the authorization endpoint (see
 * `createCodeResponseType`) and the exchange at the token endpoint. Token side (RFC 6749 4.1.3, RFC 7636 4.6). The code is consumed
 * atomically before anything but its client binding is checked, so every attempt of its own
 * client, failed or not, uses it up; a second redemption by that client (for a code with a PKCE
 * challenge: with the right verifier) revokes every token issued from it (RFC 6749 4.1.2, 10.5).
 * Any other replay is a plain `invalid_grant`: someone who only learnt a used code cannot
 * revoke the tokens issued from it (SECURITY.md rule 28).
 */
export function createAuthorizationCodeGrant(): TokenGrant & AuthorizationGrant {
  return {
    ...createCodeResponseType(),
    grantType: 'authorization_code',
    parameters: ['code', 'redirect_uri', 'code_verifier', 'resource'],
    repeatableParameters: ['resource'],
    requiredStores: ['codes'],
    async createTokenResponse(context) {
      const { params, client, services } = context;
      const code = requiredParam(params, 'code');
      // RFC 8707 2.2: checked before the code is touched; narrowed once it is read.
      const requested = requestedResources(params, client, services.config);
      const codeDigest = digestToken(code);
      const now = services.now();
      // The client binding never changes, so it is checked before the code is touched: a code
      // presented by another client is refused and changes nothing, used or not (SECURITY.md
      // rule 28). A used code is recognised here too, so a replay that cannot prove it comes
      // from the code's own client leaves no mark that would revoke anything.
      const found = await callStore(() => services.codes().findCode(codeDigest));
      if (found === null) throw new InvalidGrantError({ description: 'code_invalid' });
      if (found.clientId !== client.clientId) {
        throw new InvalidGrantError({ description: 'code_client_mismatch' });
      }
      if (found.consumedAt !== null) {
        if (provesOwnership(found, client.isPublic, params.get('code_verifier')))
          await revokeOnReplay(services, codeDigest, now);
        throw new InvalidGrantError({ description: 'code_invalid' });
      }
      // With a store that consumes and saves in one step, everything is checked on the record
      // read above (a code's fields never change but its marks), the token is issued, and the
      // code is consumed with the token saved; any refusal still uses the code up.
      if (services.redeemCode) {
        let issued: Issued;
        try {
          issued = await issueFromCode(context, found, requested, now);
        } catch (error) {
          await consumeAndCheck(context, codeDigest, now);
          throw error;
        }
        const { token, user, save } = issued;
        const result = await services.redeemCode(token, save, codeDigest);
        if (result !== undefined) {
          if (result.status !== 'consumed') {
            await lostRedemption(context, result.status === 'replayed' ? result.code : null, now);
          }
          return {
            token,
            user,
            origin: { nonce: found.nonce, extensions: found.extensions ?? {} },
          };
        }
        // The store declined (not the token store it was created with): consume, then save.
        const record = await consumeAndCheck(context, codeDigest, now);
        await saveThenReadMark(context, codeDigest, record, token, save);
        return {
          token,
          user,
          origin: { nonce: record.nonce, extensions: record.extensions ?? {} },
        };
      }
      const record = await consumeAndCheck(context, codeDigest, now);
      const { token, user, save } = await issueFromCode(context, record, requested, now);
      await saveThenReadMark(context, codeDigest, record, token, save);
      return { token, user, origin: { nonce: record.nonce, extensions: record.extensions ?? {} } };
    },
  };
}

/** What a code exchange issues, and what `saveToken` is told about it. */
interface Issued {
  token: IssuedToken;
  user: User;
  save: SaveTokenRequest;
}

/**
 * Consumes the code (every attempt of its own client uses it up) and resolves its record when
 * this call consumed it; otherwise refuses, after revoking the family when the request proves
 * it comes from the code's own client.
 */
async function consumeAndCheck(
  context: TokenGrantContext,
  codeDigest: string,
  now: Date,
): Promise<AuthorizationCodeRecord> {
  const result = await callStore(() => context.services.codes().consumeCode(codeDigest, now));
  if (result.status === 'consumed') return result.code;
  return lostRedemption(context, result.status === 'replayed' ? result.code : null, now);
}

/**
 * Lost the race to a concurrent redemption of the same client (or the code is gone). The
 * loser's consume has marked the code, so the winner revokes its own tokens (or they already
 * exist and are revoked here): a request racing the redemption held the code before it was
 * used, which is what PKCE and client authentication are for, not a replay of a used code.
 */
async function lostRedemption(
  { params, client, services }: TokenGrantContext,
  record: AuthorizationCodeRecord | null,
  now: Date,
): Promise<never> {
  if (record && provesOwnership(record, client.isPublic, params.get('code_verifier'))) {
    await revokeFamily(services, record.familyId, now);
  }
  throw new InvalidGrantError({ description: 'code_invalid' });
}

/** Checks the request against the code (expiry, redirect URI, PKCE) and issues the token. */
async function issueFromCode(
  { request, params, client, services }: TokenGrantContext,
  record: AuthorizationCodeRecord,
  requested: readonly string[],
  now: Date,
): Promise<Issued> {
  if (record.expiresAt <= now) throw new InvalidGrantError({ description: 'code_invalid' });
  const redirectUri = params.get('redirect_uri');
  const expectedRedirectUri = record.redirectUri ?? client.getDefaultRedirectUri();
  if (
    (record.redirectUri !== null || redirectUri !== undefined) &&
    redirectUri !== expectedRedirectUri
  ) {
    throw new InvalidGrantError({ description: 'code_redirect_uri_mismatch' });
  }
  const verifier = params.get('code_verifier');
  if (record.codeChallenge === null) {
    // A verifier without a stored challenge is a PKCE downgrade attempt (RFC 9700 4.8.2).
    if (verifier !== undefined) {
      throw new InvalidRequestError({ description: 'code_verifier_unexpected' });
    }
  } else if (verifier === undefined) {
    throw new InvalidGrantError({ description: 'code_verifier_missing' });
  } else if (
    !verifyCodeChallenge(verifier, record.codeChallenge, record.codeChallengeMethod ?? 'plain')
  ) {
    throw new InvalidGrantError({ description: 'code_verifier_mismatch' });
  }
  const resource = narrowResources(requested, record.extensions?.resource ?? []);
  const scope = scopeForResources(record.scope, resource, services.config);
  const extensions = extensionsForResource(record.extensions ?? {}, resource);
  // One record holds both tokens: keep the authorized scope for later refreshes.
  if (scope !== record.scope) extensions.grantedScope = record.scope;
  const user = await callStore(() => services.queryUser(record.userId));
  if (!user) throw new InvalidGrantError({ description: 'code_invalid' });
  const token: IssuedToken = await services.generateToken({
    client,
    grantType: 'authorization_code',
    user,
    scope,
    includeRefreshToken: client.checkGrantType('refresh_token'),
    resource,
    extensions,
  });
  const save: SaveTokenRequest = {
    client,
    user,
    grantType: 'authorization_code',
    familyId: record.familyId,
    issuedAt: now,
    request,
    extensions,
  };
  return { token, user, save };
}

/**
 * Saves the token of a code consumed by a separate call. A replay that lost the race may have
 * revoked the family before these tokens existed: it marks the code first, so reading the mark
 * after saving closes the window. This request still won the redemption, so it answers as if
 * the replay came after it: the tokens are issued, and revoked (refusing them too would leave
 * a code redeemed zero times, which no serial order of the requests produces).
 */
async function saveThenReadMark(
  { services }: TokenGrantContext,
  codeDigest: string,
  record: AuthorizationCodeRecord,
  token: IssuedToken,
  save: SaveTokenRequest,
): Promise<void> {
  await callStore(() => services.saveToken(token, save));
  const after = await callStore(() => services.codes().findCode(codeDigest));
  if (after?.replayedAt) await revokeFamily(services, record.familyId, services.now());
}

/**
 * Whether a replay comes from the code's own client: the client is already authenticated (or,
 * public, only claims its id), so a stored challenge must be matched by the verifier, and a
 * public client without a challenge proves nothing.
 */
function provesOwnership(
  record: AuthorizationCodeRecord,
  isPublic: boolean,
  verifier: string | undefined,
): boolean {
  if (record.codeChallenge === null) return !isPublic;
  if (verifier === undefined) return false;
  return verifyCodeChallenge(verifier, record.codeChallenge, record.codeChallengeMethod ?? 'plain');
}

/** Marks the code replayed (the winner of a concurrent redemption reads the mark), then revokes. */
async function revokeOnReplay(
  services: GrantServices,
  codeDigest: string,
  now: Date,
): Promise<void> {
  const result = await callStore(() => services.codes().consumeCode(codeDigest, now));
  if (result.status === 'not_found') return;
  await revokeFamily(services, result.code.familyId, now);
}

async function revokeFamily(services: GrantServices, familyId: string, now: Date): Promise<void> {
  await callStore(() => services.tokens().revokeFamily(familyId, now));
  services.events.emit('tokenRevoked', {
    familyId,
    record: null,
    client: null,
    reason: 'code_replay',
  });
}
