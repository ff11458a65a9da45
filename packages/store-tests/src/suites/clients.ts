import { type ClientRecord, digestSecret } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';
import { normalizeRawMetadata } from './raw-metadata.js';

/** Checks, through the store and through the raw reader, that `record` is what is stored. */
async function expectStoredClient(h: SuiteHarness, record: ClientRecord): Promise<void> {
  expect(await h.stores.clients.findClient(record.clientId)).toEqual(record);
  const raw = await h.raw.client(record.clientId);
  expect(raw, `raw row of client ${record.clientId}`).not.toBeNull();
  expect(raw!.clientSecretDigest).toBe(record.clientSecretDigest);
  expect(normalizeRawMetadata(raw!.metadata)).toEqual(record.metadata);
}

/** Clients: save, find, replace, delete; metadata round-trips; only secret digests stored. */
export const clientScenarios: Scenarios = {
  'saves a client and finds it by id': async (h) => {
    const { record } = h.make.client();
    await h.stores.clients.saveClient(record);
    await expectStoredClient(h, record);
  },

  'returns null for an unknown client id, and deleting it returns false': async (h) => {
    expect(await h.stores.clients.findClient('no-such-client')).toBeNull();
    expect(await h.raw.client('no-such-client')).toBeNull();
    expect(await h.stores.clients.deleteClient('no-such-client')).toBe(false);
  },

  'round-trips every metadata field, unicode included': async (h) => {
    const full = h.make.client({
      clientSecretExpiresAt: h.make.date(90 * 86400),
      metadata: {
        redirectUris: [
          'https://app.example.com/callback?x=1&y=%20',
          'http://127.0.0.1/cb',
          'com.example.app:/oauth2redirect',
        ],
        grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
        responseTypes: ['code', 'token'],
        scope: 'openid profile email offline_access',
        tokenEndpointAuthMethod: 'client_secret_post',
        clientName: 'Ünïcödé 客户端 🚀 "quoted" \\ back',
        clientUri: 'https://app.example.com/',
        logoUri: 'https://app.example.com/logo.png',
        contacts: ['ops@example.com', 'sécurité@example.com'],
        postLogoutRedirectUris: ['https://app.example.com/signed-out?x=1', 'http://127.0.0.1/bye'],
      },
    }).record;
    const minimal = h.make.client({
      clientSecretDigest: null,
      metadata: {
        redirectUris: [],
        grantTypes: ['authorization_code'],
        responseTypes: ['code'],
        scope: '',
        tokenEndpointAuthMethod: 'none',
      },
    }).record;
    await h.stores.clients.saveClient(full);
    await h.stores.clients.saveClient(minimal);
    await expectStoredClient(h, full);
    await expectStoredClient(h, minimal);
    const found = await h.stores.clients.findClient(full.clientId);
    expect(found!.clientIdIssuedAt).toBeInstanceOf(Date);
    expect(found!.clientSecretExpiresAt).toBeInstanceOf(Date);
  },

  'stores the digest of the secret, never the secret': async (h) => {
    const { record, secret } = h.make.client();
    await h.stores.clients.saveClient(record);
    expect((await h.raw.client(record.clientId))!.clientSecretDigest).toBe(digestSecret(secret));
    const dump = await h.raw.dump();
    expect(dump).toContain(digestSecret(secret));
    expect(dump).not.toContain(secret);
  },

  'saving a client again replaces it': async (h) => {
    const first = h.make.client().record;
    await h.stores.clients.saveClient(first);
    const second = h.make.client({
      clientId: first.clientId,
      clientIdIssuedAt: h.make.date(5),
      clientSecretExpiresAt: h.make.date(86400),
      metadata: { ...first.metadata, redirectUris: ['https://other.example/cb'], scope: 'email' },
    }).record;
    await h.stores.clients.saveClient(second);
    await expectStoredClient(h, second);
    // A second row (rather than a replaced one) would still hold the first secret's digest.
    expect(await h.raw.dump()).not.toContain(first.clientSecretDigest!);
  },

  'a secret and its expiry saved, then saved as null, read back null': async (h) => {
    const first = h.make.client({ clientSecretExpiresAt: h.make.date(86400) }).record;
    await h.stores.clients.saveClient(first);
    const cleared = { ...first, clientSecretDigest: null, clientSecretExpiresAt: null };
    await h.stores.clients.saveClient(cleared);
    await expectStoredClient(h, cleared);
    expect((await h.raw.client(first.clientId))?.clientSecretDigest).toBeNull();
  },

  'deletes a client and only that client': async (h) => {
    const gone = h.make.client().record;
    const kept = h.make.client().record;
    await h.stores.clients.saveClient(gone);
    await h.stores.clients.saveClient(kept);
    expect(await h.stores.clients.deleteClient(gone.clientId)).toBe(true);
    expect(await h.stores.clients.findClient(gone.clientId)).toBeNull();
    expect(await h.raw.client(gone.clientId)).toBeNull();
    expect(await h.stores.clients.deleteClient(gone.clientId)).toBe(false);
    await expectStoredClient(h, kept);
  },

  'keeps its own copy of a saved client': async (h) => {
    const { record } = h.make.client();
    const saved = structuredClone(record);
    await h.stores.clients.saveClient(record);
    record.metadata.redirectUris.push('https://evil.example/cb');
    const found = await h.stores.clients.findClient(saved.clientId);
    found!.metadata.scope = 'admin';
    await expectStoredClient(h, saved);
  },
};
