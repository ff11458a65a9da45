import { createLocalJWKSet, jwtVerify } from 'jose';
import { SIGNING_ALGORITHMS } from '../keys/signing-algorithm.js';
import { InvalidSoftwareStatementError } from './registration-errors.js';
import { REGISTRATION_LIMITS } from './registration-limits.js';
import type { ClientRegistrationOptions } from './registration-options.js';

// Claims of the JWT itself, never client metadata.
const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'];

/**
 * Verifies a software statement (RFC 7591 2.3) with `jose` against the configured keys and
 * returns the request body with the statement's metadata applied over it (its values win:
 * RFC 7591 3.1.1), and the statement's claims. A body without `software_statement` comes
 * back unchanged, unless one is required.
 */
export async function applySoftwareStatement(
  body: Record<string, unknown>,
  options: ClientRegistrationOptions['softwareStatement'],
): Promise<{ body: Record<string, unknown>; claims: Record<string, unknown> | null }> {
  const statement = body.software_statement;
  const { software_statement: _, ...rest } = body;
  if (statement === undefined) {
    if (options?.required) {
      throw new InvalidSoftwareStatementError({ description: 'a software_statement is required' });
    }
    return { body: rest, claims: null };
  }
  if (!options) {
    throw new InvalidSoftwareStatementError({
      description: 'software statements are not accepted here',
    });
  }
  if (
    typeof statement !== 'string' ||
    statement.length > REGISTRATION_LIMITS.softwareStatementLength
  ) {
    throw new InvalidSoftwareStatementError({ description: 'software_statement must be a JWT' });
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(statement, createLocalJWKSet(options.keys), {
      algorithms: [...(options.algorithms ?? SIGNING_ALGORITHMS)],
      ...(options.issuers ? { issuer: [...options.issuers] } : {}),
    }));
  } catch (cause) {
    throw new InvalidSoftwareStatementError({
      description: 'the software_statement could not be verified',
      cause,
    });
  }
  if (typeof payload.iss !== 'string') {
    throw new InvalidSoftwareStatementError({ description: 'the software_statement needs iss' });
  }
  const metadata = Object.fromEntries(
    Object.entries(payload).filter(([k]) => !JWT_CLAIMS.includes(k)),
  );
  return { body: { ...rest, ...metadata }, claims: payload };
}
