import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';

/** Makes one token string (Authlib's `(client, grant_type, user, scope)` generator). */
export type TokenValueGenerator = (
  client: Client,
  grantType: string,
  user: User | null,
  scope: string,
) => string;

/** `true` (the built-in generator), a function, or a `"module#export"` path loaded at init. */
export type AccessTokenGeneratorOption = true | TokenValueGenerator | string;
