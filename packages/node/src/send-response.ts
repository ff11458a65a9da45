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
  const headers: Record<string, string> = { ...response.headers };
  if (closeConnection) headers.Connection = 'close';
  if (response.body !== '' && headers['Content-Length'] === undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(response.body));
  }
  res.writeHead(response.status, headers);
  res.end(response.body);
}
