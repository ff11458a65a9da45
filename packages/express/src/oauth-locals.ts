import type { Token } from '@oauthkit/core';
import type { Request, RequestHandler } from 'express';

/** What `requireScopes` puts in `res.locals`: the bearer token it accepted. */
export interface OAuthLocals {
  oauth: { token: Token };
}

/**
 * The middleware `requireScopes` returns. Its `res.locals` type is {@link OAuthLocals}, so in
 * `app.get(path, requireScopes('profile'), (req, res) => ...)` Express types the handlers
 * after it with `res.locals.oauth.token` as a `Token` (elsewhere, annotate
 * `res: Response<unknown, OAuthLocals>`).
 */
export type ProtectedRequestHandler = RequestHandler<
  Request['params'],
  any,
  any,
  Request['query'],
  OAuthLocals
>;
