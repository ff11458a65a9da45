import type { SaveToken } from '../grants/token-grant.js';
import { callStore, callStoreThen } from '../stores/call-store.js';
import type { TokenStore } from '../stores/token-store.js';
import { rotationRecordsFor, tokenRecordFor } from './token-record-for.js';

/**
 * A `saveToken` that writes to a {@link TokenStore}, keeping only digests (Authlib's
 * `create_save_token_func`). A rotation (`request.replaces`) is one
 * `rotateRefreshToken` call holding every record it issues, and resolves whether it won.
 * Store packages export it bound to their store as `createSaveToken(db)`.
 *
 * @example
 * const server = createAuthorizationServer({ ...stores, saveToken: saveTokenFromStore(stores.tokens) });
 */
export function saveTokenFromStore(tokens: TokenStore): SaveToken {
  // Not an async function: the store's promise with one `then` (a plain save resolves
  // `undefined`, whatever the store resolves), and a throw before it becomes a rejection.
  return (token, request) => {
    try {
      const { replaces } = request;
      if (!replaces) {
        return Promise.resolve(tokens.saveToken(tokenRecordFor(token, request))).then(nothing);
      }
      if (token.refreshToken === undefined) {
        throw new TypeError('saveToken: a token that replaces a refresh token must carry one');
      }
      const { next, accessOnly } = rotationRecordsFor(token, request, replaces.scope);
      return Promise.resolve(
        accessOnly
          ? tokens.rotateRefreshToken(
              replaces.refreshTokenDigest,
              next,
              request.issuedAt,
              accessOnly,
            )
          : tokens.rotateRefreshToken(replaces.refreshTokenDigest, next, request.issuedAt),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/**
 * What the server makes of `save`, the {@link saveTokenFromStore} of `tokens`: `callStore`
 * around it (any failure, a throw before the store call included, is a 503), with a plain
 * save's record handed to the store inside that one `callStoreThen`, so the store's promise
 * gets one `then`.
 */
export function saveTokenFailingClosed(tokens: TokenStore, save: SaveToken): SaveToken {
  return (token, request) =>
    request.replaces
      ? callStore(() => save(token, request))
      : callStoreThen(() => tokens.saveToken(tokenRecordFor(token, request)), nothing);
}

function nothing(): undefined {
  return undefined;
}
