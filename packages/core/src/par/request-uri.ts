import { digestToken } from '../crypto/digest.js';
import { generateToken } from '../crypto/generate-token.js';
import { InvalidRequestError } from '../errors/errors.js';
import { Params } from '../request/params.js';
import type { GrantContextServices } from '../server/server-internals.js';
import { callStore } from '../stores/call-store.js';
import { InvalidRequestUriError } from './invalid-request-uri-error.js';

/** RFC 9126 2.2: the URN prefix of every `request_uri` the PAR endpoint issues. */
export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';

/** A new `request_uri`: the RFC 9126 prefix and 256 random bits (`generateToken`). */
export function generateRequestUri(): string {
  return `${REQUEST_URI_PREFIX}${generateToken()}`;
}

/** How the authorization endpoint uses a pushed request: look at it, or use it up. */
export type PushedRequestUse = 'find' | 'consume';

/**
 * The parameters an authorization request stands for. Without `request_uri`: `outer` itself
 * (`pushed: false`). With one (RFC 9126 4): the pushed request's parameters, and nothing of
 * `outer` but the `client_id` that must name the client that pushed it; unknown, expired
 * (`expiresAt`), another client's or used `request_uri` values are `invalid_request_uri`.
 * `consume` uses the pushed request up, atomically (RFC 9126 7.3): the answer to the end
 * user's decision consumes it, so a consent page may show it again until then.
 */
export async function resolvePushedRequest(
  outer: Params,
  server: GrantContextServices,
  use: PushedRequestUse,
): Promise<{ params: Params; pushed: boolean }> {
  if (!outer.has('request_uri')) return { params: outer, pushed: false };
  for (const name of ['request_uri', 'client_id']) {
    if (outer.duplicates.has(name)) {
      throw new InvalidRequestError({ description: 'duplicate_parameter', params: { name } });
    }
  }
  const clientId = outer.get('client_id');
  if (clientId === undefined) {
    throw new InvalidRequestError({ description: 'invalid_client_id' });
  }
  const store = server.stores.pushedRequests;
  const requestUri = outer.get('request_uri')!;
  // Without PAR there is nothing a request_uri could name (request objects by reference,
  // RFC 9101, are not supported): refuse rather than act on the outer parameters.
  if (!store || server.config.pushedAuthorizationRequests === null) {
    throw new InvalidRequestUriError();
  }
  if (!requestUri.startsWith(REQUEST_URI_PREFIX)) throw new InvalidRequestUriError();
  const digest = digestToken(requestUri);
  const record = await callStore(() =>
    use === 'consume'
      ? store.consumePushedRequest(digest, clientId)
      : store.findPushedRequest(digest),
  );
  if (
    !record ||
    record.clientId !== clientId ||
    record.expiresAt.getTime() <= server.services.now().getTime()
  ) {
    throw new InvalidRequestUriError();
  }
  return { params: Params.from(new URLSearchParams(record.parameters)), pushed: true };
}
