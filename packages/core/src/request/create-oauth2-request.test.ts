import { describe, expect, it } from 'vitest';
import { createOAuth2Request } from './create-oauth2-request.js';

const FORM = 'application/x-www-form-urlencoded';

describe('createOAuth2Request', () => {
  it('reads Accept-Language into locales, best first, and lets the app override them', () => {
    const request = createOAuth2Request({
      method: 'get',
      url: '/token',
      headers: { 'accept-language': 'en;q=0.5, fr-CH, de;q=0.8' },
    });
    expect(request.method).toBe('GET');
    expect(request.locales).toEqual(['fr', 'de', 'en']);
    request.locales = ['es'];
    expect(request.locales).toEqual(['es']);
    const given = createOAuth2Request({
      method: 'GET',
      url: '/token',
      headers: { 'accept-language': 'fr' },
      locales: ['it'],
    });
    expect(given.locales).toEqual(['it']);
    const none = createOAuth2Request({ method: 'GET', url: '/token', headers: {} });
    expect(none.locales).toEqual([]);
  });

  it('builds the same URL and query for a path with and without a query string', () => {
    const plain = createOAuth2Request({ method: 'GET', url: '/authorize', headers: {} });
    expect(plain.url.href).toBe('http://localhost/authorize');
    expect(plain.query.get('a')).toBeUndefined();
    const withQuery = createOAuth2Request({
      method: 'GET',
      url: '/authorize?a=1&a=2&b=%E2%82%AC&c=%ZZ',
      headers: {},
    });
    expect(withQuery.url.pathname).toBe('/authorize');
    expect(withQuery.query.duplicates.has('a')).toBe(true);
    expect(withQuery.query.get('b')).toBe('€');
    expect(withQuery.query.get('c')).toBe('%ZZ');
    const absolute = createOAuth2Request({
      method: 'GET',
      url: new URL('https://as.example/authorize?x=1'),
      headers: {},
    });
    expect(absolute.url.host).toBe('as.example');
    expect(absolute.query.get('x')).toBe('1');
    plain.url = new URL('https://other.example/');
    expect(plain.url.host).toBe('other.example');
  });

  it('tolerates a URL that cannot be parsed, with or without a query', () => {
    for (const url of ['http://[bad', 'http://[bad?x=1']) {
      const request = createOAuth2Request({ method: 'GET', url, headers: {} });
      expect(request.url.href).toBe('http://localhost/');
      expect(request.query.get('x')).toBeUndefined();
    }
  });

  it('parses a form body and keeps its fields plain for the caller to change', () => {
    const request = createOAuth2Request({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': `${FORM}; charset=utf-8` },
      body: new TextEncoder().encode('grant_type=client_credentials&scope=a'),
    });
    expect(request.bodyProblem).toBeNull();
    expect(request.form?.get('grant_type')).toBe('client_credentials');
    request.bodyProblem = 'too_large';
    expect(request.bodyProblem).toBe('too_large');
    const wrongType = createOAuth2Request({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'text/plain' },
      body: 'a=1',
    });
    expect(wrongType.bodyProblem).toBe('content_type');
  });
});

describe('headers given as a plain record', () => {
  it('are read case-insensitively, whatever the case of the keys', () => {
    const request = createOAuth2Request({
      method: 'POST',
      url: '/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', AUTHORIZATION: 'Basic eDp5' },
      body: 'grant_type=client_credentials',
    });
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request.headers.get('Authorization')).toBe('Basic eDp5');
    expect(request.headers.get('accept-language')).toBeNull();
    expect(request.form?.get('grant_type')).toBe('client_credentials');
    expect(request.bodyProblem).toBeNull();
  });
});
