import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJwksFetcher, type JwksFetcherOptions } from './create-jwks-fetcher.js';
import type { JwksFetchErrorCode } from './jwks-fetch-error.js';

// Every guard against a real server on 127.0.0.1 (no traffic leaves the machine): plain
// http with `allowInsecureForTesting`, as a self-signed https server would need its
// certificate trusted by the process.

const KEY = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  kid: 'k1',
};
let origin = '';
let requests: IncomingMessage[] = [];
let handler: (req: IncomingMessage, res: ServerResponse) => void;
const server = createServer((req, res) => {
  requests.push(req);
  handler(req, res);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
  handler = (_req, res) => res.end(JSON.stringify({ keys: [KEY] }));
});

const local = (extra: JwksFetcherOptions = {}) =>
  createJwksFetcher({ allowInsecureForTesting: true, allowPrivate: true, ...extra });

async function refusal(promise: Promise<unknown>): Promise<JwksFetchErrorCode> {
  try {
    await promise;
  } catch (e) {
    return (e as { code: JwksFetchErrorCode }).code;
  }
  throw new Error('expected a refusal');
}

describe('createJwksFetcher guards (rule 38)', () => {
  it('fetches and keeps only asymmetric public keys', async () => {
    handler = (_req, res) =>
      res.end(JSON.stringify({ keys: [KEY, { kty: 'oct', k: 'c2VjcmV0' }, { ...KEY, d: 'x' }] }));
    expect(await local().get(`${origin}/jwks`)).toEqual({ keys: [KEY] });
    expect(requests).toHaveLength(1);
  });

  it('https only: an http URI is refused without a connection', async () => {
    const fetcher = createJwksFetcher({ allowPrivate: true });
    expect(await refusal(fetcher.get(`${origin}/jwks`))).toBe('insecure_scheme');
    expect(requests).toHaveLength(0);
  });

  it('refuses loopback and private targets by default, before connecting', async () => {
    const fetcher = createJwksFetcher({ allowInsecureForTesting: true });
    expect(await refusal(fetcher.get(`${origin}/jwks`))).toBe('blocked_address');
    const port = new URL(origin).port;
    expect(await refusal(fetcher.get(`http://localhost:${port}/jwks`))).toBe('blocked_address');
    expect(await refusal(fetcher.get(`http://[::1]:${port}/jwks`))).toBe('blocked_address');
    expect(requests).toHaveLength(0);
  });

  it('refuses a host name that resolves to a private address, before connecting', async () => {
    // Only loopback answers here, so a broken guard could reach nothing off this machine;
    // checkAddresses.test.ts covers mixed public/private answers without any connection.
    const fetcher = createJwksFetcher({
      allowInsecureForTesting: true,
      resolveHost: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    const port = new URL(origin).port;
    expect(await refusal(fetcher.get(`http://keys.example:${port}/jwks`))).toBe('blocked_address');
    expect(requests).toHaveLength(0);
  });

  it('connects to the address it checked, with the URI host as Host (allowHosts)', async () => {
    let resolved = 0;
    const fetcher = createJwksFetcher({
      allowInsecureForTesting: true,
      allowHosts: ['keys.internal'],
      resolveHost: async () => {
        resolved++;
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    const port = new URL(origin).port;
    expect(await fetcher.get(`http://keys.internal:${port}/jwks`)).toEqual({ keys: [KEY] });
    expect(resolved).toBe(1);
    expect(requests[0]!.headers.host).toBe(`keys.internal:${port}`);
    // Another host resolving to the same private address is still refused.
    const other = createJwksFetcher({
      allowInsecureForTesting: true,
      allowHosts: ['keys.internal'],
      resolveHost: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    expect(await refusal(other.get(`http://evil.example:${port}/jwks`))).toBe('blocked_address');
    expect(requests).toHaveLength(1);
  });

  it('does not follow redirects', async () => {
    handler = (req, res) => {
      if (req.url === '/jwks') res.writeHead(302, { location: '/other' }).end();
      else res.end(JSON.stringify({ keys: [KEY] }));
    };
    expect(await refusal(local().get(`${origin}/jwks`))).toBe('redirect');
    expect(requests.map((r) => r.url)).toEqual(['/jwks']);
  });

  it('cuts off an oversized answer, declared or chunked', async () => {
    const big = JSON.stringify({ keys: [KEY], pad: 'x'.repeat(70_000) });
    handler = (_req, res) => res.end(big);
    expect(await refusal(local().get(`${origin}/declared`))).toBe('too_large');
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 20; i++) res.write('x'.repeat(4096));
      res.end();
    };
    expect(await refusal(local({ maxBytes: 8192 }).get(`${origin}/chunked`))).toBe('too_large');
  });

  it('cuts off a slow answer: slow headers, and a body that drips', async () => {
    handler = (_req, res) => setTimeout(() => res.end(JSON.stringify({ keys: [KEY] })), 2_000);
    const started = Date.now();
    expect(await refusal(local({ timeoutMs: 200 }).get(`${origin}/slow`))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('{"keys":[');
      setTimeout(() => res.end(']}'), 2_000);
    };
    expect(await refusal(local({ timeoutMs: 200 }).get(`${origin}/drip`))).toBe('timeout');
  });

  it('refuses an answer that is not a JWK Set, and a non-200 status', async () => {
    handler = (_req, res) => res.end('not json');
    expect(await refusal(local().get(`${origin}/a`))).toBe('invalid_jwks');
    handler = (_req, res) => res.end('{"nokeys":[]}');
    expect(await refusal(local().get(`${origin}/b`))).toBe('invalid_jwks');
    handler = (_req, res) => res.writeHead(500).end();
    expect(await refusal(local().get(`${origin}/c`))).toBe('status');
  });
});

describe('createJwksFetcher cache', () => {
  it('caches for the TTL; refresh fetches again only after the cooldown', async () => {
    let clock = 0;
    const fetcher = local({ now: () => clock, cacheTtlSeconds: 300, refreshCooldownSeconds: 30 });
    const uri = `${origin}/jwks`;
    await fetcher.get(uri);
    await fetcher.get(uri);
    await fetcher.refresh(uri);
    expect(requests).toHaveLength(1);
    clock += 31_000;
    await fetcher.refresh(uri);
    expect(requests).toHaveLength(2);
    clock += 299_000;
    await fetcher.get(uri);
    expect(requests).toHaveLength(2);
    clock += 2_000;
    await fetcher.get(uri);
    expect(requests).toHaveLength(3);
  });

  it('shares one fetch between concurrent callers; remembers a failure for the cooldown', async () => {
    let clock = 0;
    const fetcher = local({ now: () => clock });
    await Promise.all(Array.from({ length: 10 }, () => fetcher.get(`${origin}/jwks`)));
    expect(requests).toHaveLength(1);
    handler = (_req, res) => res.writeHead(503).end();
    expect(await refusal(fetcher.get(`${origin}/down`))).toBe('status');
    expect(await refusal(fetcher.get(`${origin}/down`))).toBe('status');
    expect(requests).toHaveLength(2);
    clock += 31_000;
    handler = (_req, res) => res.end(JSON.stringify({ keys: [KEY] }));
    expect(await fetcher.get(`${origin}/down`)).toEqual({ keys: [KEY] });
  });

  it('a failed refresh keeps the cached keys while they are fresh', async () => {
    let clock = 0;
    const fetcher = local({ now: () => clock });
    const uri = `${origin}/jwks`;
    const keys = await fetcher.get(uri);
    handler = (_req, res) => res.writeHead(503).end();
    clock += 31_000;
    expect(await fetcher.refresh(uri)).toBe(keys);
    expect(await fetcher.get(uri)).toBe(keys);
    expect(requests).toHaveLength(2);
    clock += 300_000;
    expect(await refusal(fetcher.get(uri))).toBe('status');
  });

  it('refuses bad options with TypeError', () => {
    expect(() => createJwksFetcher({ maxBytes: 0 })).toThrow(TypeError);
    expect(() => createJwksFetcher({ timeoutMs: 1.5 })).toThrow(TypeError);
    expect(() => createJwksFetcher({ allowHosts: [''] })).toThrow(TypeError);
  });
});
