import {
  InvalidRequestError,
  MethodNotAllowedError,
  UnauthorizedClientError,
  UnsupportedGrantTypeError,
} from '../errors/errors.js';
import type {
  GrantExtension,
  GrantResult,
  GrantServices,
  TokenGrantContext,
  TokenResponseFields,
} from '../grants/token-grant.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { Params } from '../request/params.js';
import { jsonResponse, type OAuth2Response } from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';
import type { RecordExtensions } from '../stores/record-extensions.js';
import { type IssuedToken, tokenResponseBody } from '../tokens/issued-token.js';
import type { Endpoint } from './endpoint.js';

const NOTHING_REPEATS: ReadonlySet<string> = new Set();

/**
 * The token endpoint (RFC 6749 3.2): POST with a form body only, no parameter repeated
 * unless the grant allows it, one client authentication method, the grant's extensions,
 * then the registered grant for `grant_type`. Every answer, success or error, is `no-store`
 * (RFC 6749 5.1, 5.2).
 */
export function createTokenEndpoint(): Endpoint {
  return {
    name: 'token',
    path: '/token',
    methods: ['POST'],
    cors: true,
    metadataKey: 'token_endpoint',
    clientAuth: {},
    handle: tokenEndpoint,
  };
}

async function tokenEndpoint(
  request: OAuth2Request,
  server: GrantContextServices,
): Promise<OAuth2Response> {
  const form = readForm(request);
  const grantType = form.get('grant_type');
  const registered = grantType === undefined ? undefined : server.grants.get(grantType);
  refuseDuplicates(form, registered?.repeatable ?? NOTHING_REPEATS);
  if (grantType === undefined) {
    throw new InvalidRequestError({
      description: 'missing_parameter',
      params: { name: 'grant_type' },
    });
  }
  if (!registered) throw new UnsupportedGrantTypeError();
  const { client } = await server.authenticateClient(request, 'token');
  if (!client.checkGrantType(grantType)) throw new UnauthorizedClientError();
  const context: TokenGrantContext = { request, params: form, client, services: server.services };
  const { extensions } = registered;
  if (extensions.length > 0) {
    for (const extension of extensions) await extension.validateTokenRequest?.(context);
    const binders = extensions.filter((e) => e.bindToken !== undefined);
    if (binders.length > 0) context.services = bindingServices(context, binders);
  }
  const result = await registered.grant.createTokenResponse(context);
  // Without extensions the grant's own fields, without a turn for collectFields.
  const fields =
    extensions.length === 0 ? result.fields : await collectFields(extensions, context, result);
  const body = tokenResponseBody(result.token, fields);
  if (server.events.has('tokenIssued')) {
    server.events.emit('tokenIssued', {
      token: result.token,
      client,
      user: result.user,
      grantType,
    });
  }
  let headers: Record<string, string> | undefined;
  for (const extension of extensions) {
    const more = extension.tokenResponseHeaders?.(context, result);
    if (more) headers = { ...headers, ...more };
  }
  return jsonResponse(200, body, headers);
}

/**
 * The services a grant sees when extensions bind its tokens: each token it generates goes
 * through every `bindToken` first, and is saved with the extensions they answered, whatever
 * the grant passes to `saveToken` (so a custom grant's tokens are bound too).
 */
function bindingServices(context: TokenGrantContext, binders: GrantExtension[]): GrantServices {
  const { services } = context;
  const bound = new WeakMap<IssuedToken, RecordExtensions>();
  return {
    ...services,
    async generateToken(input) {
      let extensions = input.extensions ?? {};
      let tokenType: IssuedToken['tokenType'] | undefined;
      for (const binder of binders) {
        const binding = await binder.bindToken!(context, { ...input, extensions });
        if (binding) {
          extensions = binding.extensions;
          tokenType = binding.tokenType ?? tokenType;
        }
      }
      const token = await services.generateToken({ ...input, extensions });
      if (tokenType !== undefined) token.tokenType = tokenType;
      bound.set(token, extensions);
      return token;
    },
    saveToken(token, request) {
      const extensions = bound.get(token);
      return services.saveToken(token, extensions ? { ...request, extensions } : request);
    },
    ...(services.redeemCode
      ? {
          redeemCode(token, request, codeDigest) {
            const extensions = bound.get(token);
            const save = extensions ? { ...request, extensions } : request;
            return services.redeemCode!(token, save, codeDigest);
          },
        }
      : {}),
  };
}

async function collectFields(
  extensions: readonly GrantExtension[],
  context: TokenGrantContext,
  result: GrantResult,
): Promise<TokenResponseFields | undefined> {
  if (extensions.length === 0) return result.fields;
  let fields: TokenResponseFields = { ...result.fields };
  for (const extension of extensions) {
    const more = await extension.tokenResponseFields?.(context, result);
    if (more) fields = { ...fields, ...more };
  }
  return fields;
}

/**
 * The form of a POST-only, form-only endpoint, with every repeated parameter refused
 * (RFC 6749 3.2: "Parameters sent ... MUST NOT be included more than once").
 */
export function requireForm(request: OAuth2Request): Params {
  const form = readForm(request);
  refuseDuplicates(form, NOTHING_REPEATS);
  return form;
}

/** The form body of a POST: `405` for other methods, `413`/`400` for a body we cannot use. */
export function readForm(request: OAuth2Request): Params {
  if (request.method !== 'POST') throw new MethodNotAllowedError(['POST']);
  if (request.bodyProblem === 'too_large') {
    throw new InvalidRequestError({ description: 'body_too_large' }, 413);
  }
  if (request.bodyProblem !== null || request.form === null) {
    throw new InvalidRequestError({ description: 'unsupported_content_type' });
  }
  return request.form;
}

/** `invalid_request` for the first repeated parameter that is not in `allowed`. */
export function refuseDuplicates(form: Params, allowed: ReadonlySet<string>): void {
  const duplicate = form.firstDisallowedDuplicate(allowed);
  if (duplicate !== undefined) {
    throw new InvalidRequestError({
      description: 'duplicate_parameter',
      params: { name: duplicate.slice(0, 64) },
    });
  }
}
