import { digestToken } from '../crypto/digest.js';
import { InvalidRequestError, InvalidTokenError } from '../errors/errors.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { bearerChallenge, readBearerToken } from '../resource/read-bearer-token.js';
import { InvalidClientMetadataError } from './registration-errors.js';

/** The JSON object of a registration or update request (RFC 7591 3.1, RFC 7592 2.2). */
export function readJsonBody(request: OAuth2Request): Record<string, unknown> {
  if (request.bodyProblem === 'too_large') {
    throw new InvalidRequestError({ description: 'body_too_large' }, 413);
  }
  if (typeof request.json !== 'string') {
    throw new InvalidRequestError({ description: 'The body must be application/json.' });
  }
  let body: unknown;
  try {
    body = JSON.parse(request.json);
  } catch {
    throw new InvalidClientMetadataError({ description: 'the body is not valid JSON' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidClientMetadataError({ description: 'the body must be a JSON object' });
  }
  return body as Record<string, unknown>;
}

/** The digest of the `Authorization: Bearer` token, or the RFC 6750 3.1 refusal. */
export function bearerDigest(request: OAuth2Request, realm: string): string {
  return digestToken(readBearerToken(request, realm));
}

/** 401 `invalid_token` with its challenge (RFC 6750 3.1; RFC 7592 2). */
export function invalidToken(realm: string, cause?: string): InvalidTokenError {
  return new InvalidTokenError({
    headers: bearerChallenge(realm, ', error="invalid_token"'),
    ...(cause ? { cause: new Error(cause) } : {}),
  });
}
