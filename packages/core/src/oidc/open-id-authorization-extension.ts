import { InvalidRequestError } from '../errors/errors.js';
import type { AuthorizationExtension } from '../grants/authorization-extension.js';
import type {
  AuthorizationGrantContext,
  AuthorizationRequest,
} from '../grants/authorization-grant.js';
import { scopeToList } from '../models/scope.js';
import { parseClaimsParameter } from './claims-parameter.js';
import type { ResolvedOpenIdConnectOptions } from './create-open-id-connect.js';
import { evaluatePrompt } from './evaluate-prompt.js';
import {
  AccountSelectionRequiredError,
  InteractionRequiredError,
  LoginRequiredError,
  RequestNotSupportedError,
} from './oidc-errors.js';
import { subjectForClient } from './subject-for-client.js';

/** Longest `login_hint` / `acr_values` kept, in characters (they are only handed on). */
const MAX_HINT_LENGTH = 1_024;

/**
 * The authentication request of OpenID Connect Core 3.1.2.1 at the authorization endpoint,
 * for requests with `openid` in their scope (others are plain OAuth and untouched):
 * `nonce` (required when an ID token comes from the authorization endpoint), `prompt`,
 * `max_age` (or the client's `default_max_age`), `claims`, `id_token_hint`, `login_hint`,
 * `acr_values`. What they demand is `authorization.openid.decision` (`evaluatePrompt` over
 * what the application said about the session); under `prompt=none` anything needing a page
 * is answered by redirect with `login_required`, `consent_required` or
 * `interaction_required` (SECURITY.md rule 39). The end user's approval counts as consent;
 * a login it still demands (`prompt=login`, `max_age` exceeded or `auth_time` unknown) is
 * refused with `login_required` rather than issued.
 */
export function createOpenIdAuthorizationExtension(
  options: ResolvedOpenIdConnectOptions,
): AuthorizationExtension {
  return {
    async validateAuthorizationRequest(context) {
      await validateAuthentication(context, options);
    },
    approveAuthorizationRequest({ authorization, services }) {
      const openid = authorization.openid;
      if (!openid) return;
      const { decision } = openid;
      if (decision.action === 'login') throw new LoginRequiredError();
      if (decision.action === 'select_account') throw new AccountSelectionRequiredError();
      if (decision.action === 'interact') throw new InteractionRequiredError();
      const { interaction } = authorization;
      const authTime =
        knownAuthTime(authorization) ??
        (interaction.completed?.login ? Math.floor(services.now().getTime() / 1000) : undefined);
      if (decision.authTimeRequired && authTime === undefined) throw new LoginRequiredError();
      if (authTime !== undefined) authorization.extensions.authTime = authTime;
    },
  };
}

async function validateAuthentication(
  { authorization, services }: AuthorizationGrantContext,
  options: ResolvedOpenIdConnectOptions,
): Promise<void> {
  if (!scopeToList(authorization.scope).includes('openid')) return;
  const { params, client, user, interaction } = authorization;
  // Request objects are not supported (request_parameter_supported: false): say so rather
  // than act on the outer parameters alone (Core 6.1).
  if (params.has('request')) throw new RequestNotSupportedError();
  // An ID token from the authorization endpoint (implicit, hybrid) needs a nonce (Core 3.2.2.1).
  if (authorization.responseType.split(' ').includes('id_token') && authorization.nonce === null) {
    throw new InvalidRequestError({ description: 'missing_parameter', params: { name: 'nonce' } });
  }
  const rawClaims = params.get('claims');
  const claims = rawClaims === undefined ? undefined : parseClaimsParameter(rawClaims);
  if (claims) authorization.extensions.claims = claims;
  const loginHint = bounded(params.get('login_hint'), 'login_hint');
  const acrValues = bounded(params.get('acr_values'), 'acr_values')
    ?.split(' ')
    .filter((v) => v !== '');
  const idTokenHintSubject = await verifyIdTokenHint(params.get('id_token_hint'), {
    authorization,
    services,
  });
  const now = Math.floor(services.now().getTime() / 1000);
  const decision = evaluatePrompt({
    request: {
      prompt: params.get('prompt'),
      maxAge: params.get('max_age') ?? client.metadata.defaultMaxAge,
      idTokenHintSubject,
      loginHint,
    },
    session: {
      subject: user ? subjectForClient(client, user.getUserId(), options.pairwiseSalt) : null,
      authTime: knownAuthTime(authorization),
      consentGiven: interaction.session?.consentGiven,
      pendingInteraction: interaction.session?.pendingInteraction,
    },
    completed: interaction.completed,
    now,
  });
  if (decision.action === 'error') throw decision.error;
  authorization.openid = {
    decision,
    ...(decision.maxAge !== undefined ? { maxAge: decision.maxAge } : {}),
    ...(loginHint !== undefined ? { loginHint } : {}),
    ...(idTokenHintSubject !== undefined ? { idTokenHintSubject } : {}),
    ...(acrValues !== undefined ? { acrValues } : {}),
    ...(claims !== undefined ? { claims } : {}),
  };
}

/** When the end user signed in, from the approval, the session, or the user object. */
function knownAuthTime(authorization: AuthorizationRequest): number | undefined {
  return (
    authorization.extensions.authTime ??
    authorization.interaction.session?.authTime ??
    authorization.user?.getAuthTime?.()
  );
}

function bounded(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && value.length > MAX_HINT_LENGTH) {
    throw new InvalidRequestError({ description: 'invalid_parameter', params: { name } });
  }
  return value;
}

/**
 * `sub` of an `id_token_hint` (Core 3.1.2.1): an ID token this server signed for this
 * client, expired or not; anything else is `invalid_request`.
 */
async function verifyIdTokenHint(
  hint: string | undefined,
  { authorization, services }: Pick<AuthorizationGrantContext, 'authorization' | 'services'>,
): Promise<string | undefined> {
  if (hint === undefined) return undefined;
  const keys = services.signingKeys!;
  try {
    const { payload } = await keys.verify(hint, {
      typ: 'JWT',
      issuer: services.config.issuer,
      audience: authorization.client.clientId,
      allowExpired: true,
    });
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new TypeError('no sub');
    return payload.sub;
  } catch (cause) {
    throw new InvalidRequestError({
      description: 'invalid_parameter',
      params: { name: 'id_token_hint' },
      cause,
    });
  }
}
