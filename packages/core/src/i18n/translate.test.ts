import { describe, expect, test } from 'vitest';
import {
  createTestServer,
  expectError,
  registerClient,
  type TestServerOptions,
  tokenRequest,
} from '../../test/helpers.js';
import { InvalidRequestError } from '../errors/errors.js';
import { errorFields } from '../errors/render-error.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { parseAcceptLanguage, translate } from './translate.js';

const GRANT_MISSING = {
  en: 'The grant_type parameter is required.',
  fr: 'Le parametre grant_type est obligatoire.',
  de: 'Der Parameter grant_type ist erforderlich.',
};

/** The error_description of a token request missing grant_type, for these headers. */
async function describeMissingGrant(
  config: TestServerOptions['config'] = {},
  headers: Record<string, string> = {},
) {
  const { server, stores } = createTestServer({ config });
  const client = await registerClient(stores);
  const response = await server.createTokenResponse(tokenRequest({}, { basic: client, headers }));
  return (await expectError(response, 400, 'invalid_request')).error_description;
}

describe('Accept-Language picks the error_description language', () => {
  test.each([
    [undefined, 'en'],
    ['fr', 'fr'],
    ['de-DE,de;q=0.9', 'de'],
    ['fr-CA', 'fr'],
    ['es, it;q=0.9, de;q=0.5', 'de'],
    ['en;q=0.2, fr;q=0.8', 'fr'],
    ['fr;q=0, de', 'de'],
    ['es', 'en'],
    ['*', 'en'],
  ] as const)('%s -> %s', async (header, locale) => {
    const headers: Record<string, string> = header ? { 'accept-language': header } : {};
    expect(await describeMissingGrant({}, headers)).toBe(GRANT_MISSING[locale]);
  });

  test('401 invalid_client is localised too, without changing the error code', async () => {
    const { server } = createTestServer();
    const response = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials' },
        { basic: { clientId: 'x', secret: 'y' }, headers: { 'accept-language': 'fr' } },
      ),
    );
    await expectError(response, 401, 'invalid_client', "L'authentification du client a echoue.");
  });
});

describe('defaultLocale', () => {
  test('is used when the request names no language', async () => {
    expect(await describeMissingGrant({ defaultLocale: 'de' })).toBe(GRANT_MISSING.de);
  });

  test('is used when the request names only languages without a catalog', async () => {
    expect(await describeMissingGrant({ defaultLocale: 'fr' }, { 'accept-language': 'es' })).toBe(
      GRANT_MISSING.fr,
    );
  });

  test('loses to a language the request names', async () => {
    expect(await describeMissingGrant({ defaultLocale: 'fr' }, { 'accept-language': 'de' })).toBe(
      GRANT_MISSING.de,
    );
  });

  test('an unknown default falls back to English', async () => {
    expect(await describeMissingGrant({ defaultLocale: 'xx' })).toBe(GRANT_MISSING.en);
  });
});

describe('the translate hook', () => {
  const spanish = (key: string, locale: string) =>
    locale === 'es' && key === 'missing_parameter' ? 'Falta el parámetro {name}.' : undefined;

  test('adds a language, with {placeholders} filled in', async () => {
    expect(await describeMissingGrant({ translate: spanish }, { 'accept-language': 'es' })).toBe(
      'Falta el parametro grant_type.',
    );
  });

  test('returning undefined falls back to the built-in catalogs', async () => {
    expect(await describeMissingGrant({ translate: spanish }, { 'accept-language': 'de' })).toBe(
      GRANT_MISSING.de,
    );
  });

  test('can override a built-in text; quotes and backslashes never reach the wire', async () => {
    const hook = (key: string, locale: string) =>
      key === 'missing_parameter' && locale === 'en' ? 'Send "{name}" \\ please' : undefined;
    expect(await describeMissingGrant({ translate: hook })).toBe("Send 'grant_type' ' please");
  });

  test('serves the default locale through the hook too', async () => {
    const hook = (key: string, locale: string) => (locale === 'es' ? `es:${key}` : undefined);
    expect(await describeMissingGrant({ translate: hook, defaultLocale: 'es' })).toBe(
      'es:missing_parameter',
    );
  });
});

describe('catalogs', () => {
  test('fr and de translate every English key, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const catalog of [fr, de]) {
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const translated = catalog[key as keyof typeof en];
        expect(translated, key).not.toBe('');
        expect(placeholders(translated), key).toEqual(placeholders(text));
      }
    }
  });

  test('an unknown key is used as literal text', () => {
    expect(translate('Custom {thing} text', { thing: 'app' }, ['fr'])).toBe('Custom app text');
  });
});

describe('parseAcceptLanguage', () => {
  test.each([
    ['fr-CA, fr;q=0.9, en;q=0.8', ['fr', 'en']],
    ['de;q=0.1, fr', ['fr', 'de']],
    ['en;q=0', []],
    ['', []],
    ['x'.repeat(600), []],
    ['12, fr', ['fr']],
    ['fr;q=abc', []],
  ])('%s -> %o', (header, locales) => {
    expect(parseAcceptLanguage(header)).toEqual(locales);
  });
});

describe('RFC 6749 5.2: error_description keeps to %x20-21 / %x23-5B / %x5D-7E', () => {
  const allowed = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;
  const catalogs = { en, fr, de } as Record<string, Record<string, string>>;

  test.each(Object.keys(catalogs))('every message of the %s catalog, rendered', (locale) => {
    const messages = catalogs[locale]!;
    expect(Object.keys(messages).length).toBe(Object.keys(en).length);
    for (const [key, template] of Object.entries(messages)) {
      const { error_description } = errorFields(
        new InvalidRequestError({ description: key, params: { name: 'scope' } }),
        [locale],
        { errorUris: new Map(), translate: undefined, defaultLocale: 'en' },
      );
      // The catalog itself is within the set: what the client reads is what was written.
      expect(template, `${locale}.${key}`).toMatch(allowed);
      expect(error_description, `${locale}.${key}`).toMatch(allowed);
    }
  });

  test("a translation hook's accents, quotes and other characters are spelled in ASCII", async () => {
    const hook = (key: string, locale: string) =>
      locale === 'es' && key === 'missing_parameter'
        ? 'Falta el parámetro «{name}» — straße "ok" \\ ✓'
        : undefined;
    const text = await describeMissingGrant({ translate: hook }, { 'accept-language': 'es' });
    expect(text).toBe("Falta el parametro 'grant_type' ? strasse 'ok' ' ?");
    expect(text).toMatch(allowed);
  });
});
