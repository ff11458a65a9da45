import type { OAuth2Response } from '@oauthkit/core';
import type { FastifyReply } from 'fastify';

/**
 * Sends a core response with a Fastify reply; the body is sent as it is (already JSON).
 * `closeConnection` adds `Connection: close`, for answers sent before the body was read.
 *
 * @example
 * return sendReply(reply, await server.createEndpointResponseRaw('token', request));
 */
export function sendReply(
  reply: FastifyReply,
  response: OAuth2Response,
  closeConnection = false,
): FastifyReply {
  reply.code(response.status).headers(response.headers);
  if (closeConnection) reply.header('connection', 'close');
  return reply.send(response.body === '' ? undefined : response.body);
}
