// Type test: after `requireScopes`, Express types `res.locals.oauth.token` as a Token.
import type { Token } from '@oauthkit/core';
import type { createExpressRouter } from '@oauthkit/express';
import express from 'express';

declare const router: ReturnType<typeof createExpressRouter>;
const app = express();
app.get('/api/me', router.requireScopes('profile'), (_req, res) => {
  const token: Token = res.locals.oauth.token;
  // @ts-expect-error: not a method of Token (were `res.locals` untyped, this would compile)
  res.locals.oauth.token.notAMethod();
  res.json({ sub: token.getUserId() });
});
