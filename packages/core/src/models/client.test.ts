import { describe, expect, it } from 'vitest';
import { digestSecret } from '../crypto/digest.js';
import type { ClientRecord } from '../stores/client-store.js';
import { createClient } from './client.js';
import { withMetadataDefaults } from './client-metadata.js';

function record(overrides: Partial<ClientRecord> = {}): ClientRecord {
  return {
    clientId: 'app',
    clientSecretDigest: digestSecret('s3cret'),
    clientIdIssuedAt: new Date(0),
    clientSecretExpiresAt: null,
    metadata: withMetadataDefaults({
      redirectUris: ['https://app.example/cb'],
      grantTypes: ['authorization_code', 'client_credentials'],
      scope: 'read write',
    }),
    ...overrides,
  };
}

describe('createClient', () => {
  it('keeps only the registered scopes, in the requested order', () => {
    const client = createClient(record());
    expect(client.getAllowedScope('write admin read')).toBe('write read');
    expect(client.getAllowedScope('admin')).toBe('');
    expect(client.getAllowedScope('read')).toBe('read');
  });

  it('checks the secret by its digest and refuses an expired one or a public client', () => {
    const client = createClient(record({ clientSecretExpiresAt: new Date(1000) }));
    expect(client.isPublic).toBe(false);
    expect(client.checkClientSecret('s3cret', new Date(999))).toBe(true);
    expect(client.checkClientSecret('s3cret', new Date(1000))).toBe(false);
    expect(client.checkClientSecret('wrong', new Date(999))).toBe(false);
    const publicClient = createClient(
      record({
        clientSecretDigest: null,
        metadata: withMetadataDefaults({ tokenEndpointAuthMethod: 'none' }),
      }),
    );
    expect(publicClient.isPublic).toBe(true);
    expect(publicClient.checkClientSecret('s3cret')).toBe(false);
    expect(publicClient.checkEndpointAuthMethod('none', 'token')).toBe(true);
  });

  it('answers from its metadata for redirect URIs, grant and response types', () => {
    const client = createClient(record());
    expect(client.clientId).toBe('app');
    expect(client.getDefaultRedirectUri()).toBe('https://app.example/cb');
    expect(client.checkRedirectUri('https://app.example/cb')).toBe(true);
    expect(client.checkRedirectUri('https://evil.example/cb')).toBe(false);
    expect(client.checkGrantType('client_credentials')).toBe(true);
    expect(client.checkGrantType('password')).toBe(false);
    expect(client.checkResponseType('code')).toBe(true);
    expect(client.checkResponseType('token')).toBe(false);
    expect(client.checkEndpointAuthMethod('client_secret_post', 'token')).toBe(
      client.metadata.tokenEndpointAuthMethod === 'client_secret_post',
    );
    const two = createClient(
      record({
        metadata: withMetadataDefaults({
          redirectUris: ['https://a.example', 'https://b.example'],
        }),
      }),
    );
    expect(two.getDefaultRedirectUri()).toBeNull();
  });
});
