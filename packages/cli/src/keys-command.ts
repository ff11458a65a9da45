import { parseArgs } from 'node:util';
import { generateSigningJwk, isSigningAlgorithm, SIGNING_ALGORITHMS } from '@oauthkit/core';
import type { Io } from './main.js';

/** The usage line of `oauthkit keys generate`. */
export const KEYS_USAGE = `  oauthkit keys generate --alg <${SIGNING_ALGORITHMS.join('|')}> [--kid id]
      Prints a new private signing JWK (the kid defaults to its RFC 7638 thumbprint) for the
      server's signing keys. Keep it secret: the JWKS endpoint publishes only its public part.`;

/**
 * `oauthkit keys generate --alg ES256 [--kid id]`: prints a new private signing JWK on
 * stdout. A missing or unsupported `--alg` is a usage error (`TypeError`, exit code 2).
 */
export async function keysGenerateCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { alg: { type: 'string' }, kid: { type: 'string' } },
  });
  if (!isSigningAlgorithm(values.alg)) {
    throw new TypeError(`keys generate needs --alg, one of: ${SIGNING_ALGORITHMS.join(', ')}`);
  }
  const jwk = await generateSigningJwk(
    values.alg,
    values.kid !== undefined ? { kid: values.kid } : {},
  );
  io.out(JSON.stringify(jwk, null, 2));
  io.err('This is a private key: store it as a secret, never in the repository.');
  return 0;
}
