import * as fc from 'fast-check';
import {
  type AuthorizationHeaderSpec,
  authorizationHeaderArb,
} from './authorization-header-arb.js';
import { basicHeader, type FixtureClientKey, type FuzzFixture } from './fuzz-fixture.js';
import {
  contentTypeArb,
  encodeForm,
  type FormEncoding,
  formEncodingArb,
  toHeaderValue,
  webMethodArb,
} from './http-arbs.js';
import { paramNameArb } from './raw-value-arb.js';
import type { SentRequest } from './sent-request.js';
import { clientKeyArb, renderValue, type ValueSpec, valueSpecArb } from './value-spec.js';

/** A generated request to a token-style endpoint, before the fixture's values are put in. */
export interface TokenStyleCase {
  method: string;
  contentType: string | undefined;
  authorization: AuthorizationHeaderSpec;
  /** Whose credentials `valid` and `wrong-secret` use. */
  as: FixtureClientKey;
  params: [string, ValueSpec][];
  /** Send the first parameter a second time. */
  repeatFirst: boolean;
  encoding: FormEncoding;
  /** Bytes sent instead of the form (any bytes, invalid UTF-8 included). */
  rawBody: Uint8Array | null;
  acceptLanguage: string | undefined;
}

/** Anything a client could send to the token, revocation or introspection endpoint. */
export const tokenStyleCaseArb: fc.Arbitrary<TokenStyleCase> = fc.record({
  method: fc.oneof(
    { weight: 3, arbitrary: fc.constant('POST') },
    { weight: 1, arbitrary: webMethodArb },
  ),
  contentType: contentTypeArb,
  authorization: authorizationHeaderArb,
  as: clientKeyArb,
  params: fc.array(fc.tuple(paramNameArb, valueSpecArb), { maxLength: 8 }),
  repeatFirst: fc.boolean(),
  encoding: formEncodingArb,
  rawBody: fc.option(fc.uint8Array({ maxLength: 64 }), { freq: 6, nil: null }),
  acceptLanguage: fc.option(fc.constantFrom('fr', 'de-DE, en;q=0.5', 'xx', '*', ';;q=x'), {
    nil: undefined,
  }),
});

/** The concrete request of a case, with the fixture's live values filled in. */
export function buildTokenStyleRequest(
  c: TokenStyleCase,
  fixture: FuzzFixture,
  url: string,
): SentRequest {
  const headers: Record<string, string> = {};
  if (c.contentType !== undefined) headers['content-type'] = toHeaderValue(c.contentType);
  if (c.acceptLanguage !== undefined) headers['accept-language'] = c.acceptLanguage;
  const authorization = renderAuthorization(c.authorization, c.as, fixture);
  if (authorization !== undefined) headers.authorization = toHeaderValue(authorization);
  const pairs = c.params.map(([name, value]) => [name, renderValue(value, fixture)] as const);
  if (c.repeatFirst && pairs[0]) pairs.push(pairs[0]);
  const body = c.rawBody ?? encodeForm(pairs, c.encoding);
  return { method: c.method, url, headers, body };
}

function renderAuthorization(
  spec: AuthorizationHeaderSpec,
  as: FixtureClientKey,
  fixture: FuzzFixture,
): string | undefined {
  const client = fixture.clients[as];
  if (spec.kind === 'none') return undefined;
  if (spec.kind === 'raw') return spec.value;
  const secret = spec.kind === 'valid' ? (client.secret ?? '') : `${client.secret ?? ''}x`;
  return basicHeader(client.clientId, secret);
}
