import type { ServerResponse } from 'node:http';
import type { OAuth2Response } from '@oauthkit/core';

/**
 * Writes a core response to a `node:http` response. `closeConnection` adds
 * `Connection: close`, for answers sent before the request body was read to its end.
 *
 * @example
 * sendResponse(res, await server.createEndpointResponseRaw('token', request));
 */
export function sendResponse(
  res: ServerResponse,
  response: OAuth2Response,
  closeConnection = false,
): void {
  // Headers as one flat [name, value, ...] list: node writes it as it is, without the
  // per-response copy into an object and node's own copy of that object.
  const headers: string[] = [];
  let length = false;
  for (const name in response.headers) {
    const value = response.headers[name];
    if (value === undefined) continue;
    if (name === 'Content-Length') length = true;
    headers.push(name, value);
  }
  if (closeConnection) headers.push('Connection', 'close');
  if (response.body !== '' && !length) {
    headers.push('Content-Length', String(Buffer.byteLength(response.body)));
  }
  res.writeHead(response.status, headers);
  res.end(response.body);
}
