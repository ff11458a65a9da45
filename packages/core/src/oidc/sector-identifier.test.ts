import { describe, expect, it } from 'vitest';
import { sectorIdentifier } from './sector-identifier.js';

describe('sectorIdentifier (OpenID Connect Core 8.1)', () => {
  it('is the host of the redirect URIs when they share one', () => {
    expect(
      sectorIdentifier({
        redirectUris: ['https://app.example/cb', 'https://app.example:8443/other'],
      }),
    ).toBe('app.example');
  });

  it('is the host of sector_identifier_uri when registered, never fetched', () => {
    expect(
      sectorIdentifier({
        redirectUris: ['https://a.example/cb', 'https://b.example/cb'],
        sectorIdentifierUri: 'https://sector.example/uris.json',
      }),
    ).toBe('sector.example');
  });

  it.each([
    [
      'redirect URIs on several hosts',
      { redirectUris: ['https://a.example/cb', 'https://b.example/cb'] },
    ],
    ['no redirect URI', { redirectUris: [] }],
    ['a private-use scheme', { redirectUris: ['com.example.app:/cb'] }],
    ['a relative redirect URI', { redirectUris: ['/cb'] }],
    [
      'an http sector_identifier_uri',
      { redirectUris: ['https://a.example/cb'], sectorIdentifierUri: 'http://sector.example/x' },
    ],
  ])('refuses %s with TypeError', (_name, input) => {
    expect(() => sectorIdentifier(input)).toThrow(TypeError);
  });
});
