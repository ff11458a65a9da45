import type { ResolvedConfig } from '../config/server-config.js';
import { translate } from '../i18n/translate.js';
import { jsonResponse, type OAuth2Response } from '../response/oauth2-response.js';
import { ServerError } from './errors.js';
import { OAuth2Error } from './oauth2-error.js';

type ErrorConfig = Pick<ResolvedConfig, 'errorUris' | 'translate' | 'defaultLocale'>;

/** The wire fields of an error: `error`, `error_description` and, if configured, `error_uri`. */
export function errorFields(
  error: OAuth2Error,
  locales: readonly string[],
  config: ErrorConfig,
): Record<string, string> {
  const fields: Record<string, string> = { error: error.error };
  if (error.description !== undefined) {
    // Values interpolated into a description may come from the request (a parameter name):
    // keep only the characters RFC 6749 5.2 allows in error_description, so nothing the
    // client sent (CR, LF, quotes, markup bytes) is reflected.
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(error.params)) {
      params[k] = v.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');
    }
    const text = translate(
      error.description,
      params,
      [...locales, config.defaultLocale],
      config.translate,
    );
    fields.error_description = toDescriptionCharset(text);
  }
  const uri = config.errorUris.get(error.error);
  if (uri !== undefined) fields.error_uri = uri;
  return fields;
}

const SPELLED_OUT: Record<string, string> = {
  ß: 'ss',
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  Œ: 'OE',
  œ: 'oe',
  Æ: 'AE',
  æ: 'ae',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': "'",
  '\u201d': "'",
  '«': "'",
  '»': "'",
};

/**
 * `text` within RFC 6749 5.2's character set for `error_description` (%x20-21 / %x23-5B /
 * %x5D-7E): the built-in catalogs keep to it already; a translation hook's text is spelled
 * in ASCII (accents dropped, `ß` -> `ss`, quotes -> `'`) and anything left becomes `?`.
 */
export function toDescriptionCharset(text: string): string {
  if (/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(text)) return text;
  return text
    .replace(
      /[\u0080-\uffff]/g,
      (ch) => SPELLED_OUT[ch] ?? ch.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
    )
    .replace(/["\\]/g, "'")
    .replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');
}

/** Any thrown value as an OAuth error: protocol errors as they are, anything else 500. */
export function asOAuth2Error(e: unknown): OAuth2Error {
  return e instanceof OAuth2Error ? e : new ServerError({ cause: e });
}

/** The JSON error response of the token-style endpoints (RFC 6749 5.2). */
export function errorResponse(
  e: unknown,
  locales: readonly string[],
  config: ErrorConfig,
): OAuth2Response {
  const error = asOAuth2Error(e);
  return jsonResponse(error.status, errorFields(error, locales, config), error.headers);
}
