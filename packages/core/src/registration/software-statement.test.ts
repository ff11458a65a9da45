import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestServer, ISSUER, REDIRECT_URI } from '../../test/helpers.js';

const STATEMENT_ISSUER = 'https://software.example';
let keys: { keys: Record<string, unknown>[] };
let privateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  keys = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'sw-1', alg: 'ES256' }] };
});

function setup(required = false) {
  return createTestServer({
    registration: {
      access: 'open',
      softwareStatement: { keys: keys as never, issuers: [STATEMENT_ISSUER], required },
    },
  }).server;
}

function statement(claims: Record<string, unknown>, issuer = STATEMENT_ISSUER) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'sw-1' })
    .setIssuer(issuer)
    .setIssuedAt()
    .sign(privateKey);
}

async function register(server: ReturnType<typeof setup>, body: Record<string, unknown>) {
  const response = await server.createEndpointResponse(
    'registration',
    new Request(`${ISSUER}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('software statements (RFC 7591 2.3), verified with jose (rule 34)', () => {
  test('a signed statement is verified and its metadata wins over the request', async () => {
    const server = setup();
    const { status, body } = await register(server, {
      redirect_uris: [REDIRECT_URI],
      client_name: 'from the request',
      software_statement: await statement({ client_name: 'from the statement', software_id: 'sw' }),
    });
    expect(status).toBe(201);
    expect(body.client_name).toBe('from the statement');
    expect(body.software_id).toBe('sw');
    expect(body.software_statement).toBeUndefined();
  });

  test('alg none, HMAC keyed with the public key, a foreign issuer or key: invalid_software_statement', async () => {
    const server = setup();
    const other = await generateKeyPair('ES256');
    const hmacKey = new TextEncoder().encode(JSON.stringify(keys.keys[0]));
    const bad = [
      new UnsecuredJWT({ client_name: 'x' }).setIssuer(STATEMENT_ISSUER).encode(),
      await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', kid: 'sw-1' })
        .setIssuer(STATEMENT_ISSUER)
        .sign(hmacKey),
      await statement({}, 'https://evil.example'),
      await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'sw-1' })
        .setIssuer(STATEMENT_ISSUER)
        .sign(other.privateKey),
      'not-a-jwt',
    ];
    for (const software_statement of bad) {
      const { status, body } = await register(server, {
        redirect_uris: [REDIRECT_URI],
        software_statement,
      });
      expect(status).toBe(400);
      expect(body.error).toBe('invalid_software_statement');
    }
  });

  test('a statement cannot smuggle a bad redirect URI past validation', async () => {
    const { body } = await register(setup(), {
      redirect_uris: [REDIRECT_URI],
      software_statement: await statement({ redirect_uris: ['javascript:alert(1)'] }),
    });
    expect(body.error).toBe('invalid_redirect_uri');
  });

  test('required: a registration without one is refused', async () => {
    const { body } = await register(setup(true), { redirect_uris: [REDIRECT_URI] });
    expect(body.error).toBe('invalid_software_statement');
  });

  test('HMAC or none in the configured algorithms is a TypeError', () => {
    expect(() =>
      createTestServer({
        registration: {
          access: 'open',
          softwareStatement: { keys: keys as never, algorithms: ['HS256'] },
        },
      }),
    ).toThrow(TypeError);
  });
});
