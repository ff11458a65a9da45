import { createHash, randomBytes } from 'node:crypto';

/**
 * The one client every server under test knows, with the same credentials everywhere, so
 * that the requests autocannon sends are byte-for-byte the same for each server.
 */
export const CLIENT_ID = 'bench-client';
/** 32 random bytes, base64url, as a real registration would hand out. */
export const CLIENT_SECRET = 'wq9Zq4cV0m3n2bT8uYhK1sL5xPjR7dGfA6eWcN0vB_Q';
export const REDIRECT_URI = 'https://app.example/cb';
export const SCOPE = 'read';
/** The `sub`-less body every protected route answers with, on every server. */
export const RESOURCE_BODY = JSON.stringify({ client_id: CLIENT_ID, scope: SCOPE });

/** `client_secret_basic` (RFC 6749 2.3.1): form-encode each half, then base64. */
export function basicAuthorization(clientId: string, secret: string): string {
  const encode = (v: string) => new URLSearchParams({ v }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

export const BASIC_AUTHORIZATION = basicAuthorization(CLIENT_ID, CLIENT_SECRET);

/** A code handed to the load generator: the code and the PKCE verifier behind its challenge. */
export interface SeededCode {
  code: string;
  verifier: string;
}

/** A fresh code value and verifier with the S256 challenge to store (RFC 7636 4.2). */
export function newCode(): SeededCode & { challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return {
    code: randomBytes(32).toString('base64url'),
    verifier,
    challenge: createHash('sha256').update(verifier).digest('base64url'),
  };
}

/** The token request body of a code exchange with PKCE. */
export function codeExchangeBody({ code, verifier }: SeededCode): string {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  }).toString();
}
