import type { IncomingMessage } from 'node:http';
import type { OAuth2Request } from '@oauthkit/core';
import { createOAuth2Request } from '@oauthkit/core/binding';
import type { RequestBody } from './read-request-body.js';

/** The body of a request as a binding has it: read by us, parsed by the app, or none. */
export type BodyInput = RequestBody | { parsed: string | Uint8Array | Record<string, unknown> };

/**
 * Builds the core's request from a `node:http` request without going through a Fetch
 * `Request` (the fast path). `url` defaults to `req.url`; Express passes `req.originalUrl`.
 *
 * @example
 * const request = toOAuth2Request(req, await readRequestBody(req, limit), limit);
 */
export function toOAuth2Request(
  req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  body: BodyInput | undefined,
  maxBodyBytes: number,
  url: string = req.url ?? '/',
): OAuth2Request {
  const request = createOAuth2Request({
    method: req.method ?? 'GET',
    url,
    headers: req.headers,
    body:
      body === undefined
        ? undefined
        : 'parsed' in body
          ? body.parsed
          : 'bytes' in body
            ? body.bytes
            : undefined,
    maxBodyBytes,
  });
  if (body !== undefined && 'tooLarge' in body) request.bodyProblem = 'too_large';
  return request;
}
