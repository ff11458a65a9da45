import { describe, expect, it } from 'vitest';
import { createAuthorizationServer } from '../server/authorization-server.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import { createEndpointRouter, endpointPaths } from './endpoint-router.js';

const serverFor = (issuer: string, endpoints = {}) =>
  createAuthorizationServer({ ...createMemoryStores(), config: { issuer, endpoints } });

describe('createEndpointRouter', () => {
  it('routes the endpoint paths below an issuer with a path, and both metadata places', () => {
    const route = createEndpointRouter(serverFor('https://as.example/oauth'), {
      authorization: true,
    });
    expect(route('/oauth/token')).toBe('token');
    expect(route('/oauth/revoke')).toBe('revocation');
    expect(route('/oauth/introspect')).toBe('introspection');
    expect(route('/oauth/authorize')).toBe('authorization');
    expect(route('/.well-known/oauth-authorization-server/oauth')).toBe('metadata');
    expect(route('/oauth/.well-known/oauth-authorization-server')).toBe('metadata');
    expect(route('/.well-known/oauth-authorization-server')).toBeNull();
    expect(route('/token')).toBeNull();
    expect(route('/oauth/token/')).toBeNull();
  });

  it('serves the metadata at the root for an issuer without a path', () => {
    const paths = endpointPaths(serverFor('https://as.example/'), { authorization: true });
    expect(Object.fromEntries(paths)).toEqual({
      '/.well-known/oauth-authorization-server': 'metadata',
      '/token': 'token',
      '/revoke': 'revocation',
      '/introspect': 'introspection',
      '/authorize': 'authorization',
    });
  });

  it('leaves the authorization endpoint out when the app gave no hooks', () => {
    const route = createEndpointRouter(serverFor('https://as.example'), { authorization: false });
    expect(route('/authorize')).toBeNull();
    expect(route('/token')).toBe('token');
  });

  it('follows configured endpoint paths and absolute URLs, and a later init()', () => {
    const server = serverFor('https://as.example', {
      token: '/api/oauth/token',
      revocation: 'https://other.example/rev',
    });
    const route = createEndpointRouter(server, { authorization: false });
    expect(route('/api/oauth/token')).toBe('token');
    expect(route('/rev')).toBe('revocation');
    server.init({ ...createMemoryStores(), config: { issuer: 'https://as.example/v2' } });
    expect(route('/api/oauth/token')).toBeNull();
    expect(route('/v2/token')).toBe('token');
  });
});
