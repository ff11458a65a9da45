import type { ClaimRequest, ClaimsRequest } from './claims-parameter.js';
import { PROTECTED_ID_TOKEN_CLAIMS } from './id-token-claims.js';
import { claimsForScopes, SCOPE_CLAIMS } from './scope-claims.js';

/** Input of {@link requestedClaims}. */
export interface RequestedClaimsInput {
  /** The granted scopes. */
  scopes: readonly string[];
  /** The parsed `claims` request parameter, if any (see `parseClaimsParameter`). */
  claims?: ClaimsRequest;
  /** Where the claims go: the UserInfo response or the ID token. */
  target: 'userinfo' | 'id_token';
  /**
   * Whether the scope claims go to this target. Default: `true` for `userinfo`, `false` for
   * `id_token`: OpenID Connect Core 5.4 puts them in the ID token only when no access token
   * is issued (`response_type=id_token`); pass `true` then.
   */
  includeScopeClaims?: boolean;
  /** The claims the server supports (`claims_supported`); others are left out. Default: any. */
  claimsSupported?: readonly string[];
  /** Scope -> claims; default {@link SCOPE_CLAIMS}. */
  scopeClaims?: Readonly<Record<string, readonly string[]>>;
}

/** What to ask the application for, and how each claim was requested. */
export interface RequestedClaims {
  /** The claim names to pass to the application's `findClaims(user, names)`. */
  names: string[];
  /** Of `names`, those requested as essential (OpenID Connect Core 5.5.1). */
  essential: string[];
  /**
   * Every claim the `claims` parameter named for this target, server-set claims included
   * (`auth_time`, `acr` with `values`, `sub` with `value`): the server honours these itself.
   */
  requests: Record<string, ClaimRequest | null>;
}

/**
 * Merges the claims of the granted scopes (OpenID Connect Core 5.4) with those the `claims`
 * parameter asks for (5.5) for one target. Claims the server sets itself (`sub`, `iss`,
 * `auth_time`, `nonce`, ...) are never asked of the application.
 *
 * @example
 * const { names } = requestedClaims({ scopes: ['openid', 'email'], target: 'userinfo' });
 * const found = await app.findClaims(user, names);
 */
export function requestedClaims(input: RequestedClaimsInput): RequestedClaims {
  const { target } = input;
  const includeScope = input.includeScopeClaims ?? target === 'userinfo';
  const supported = input.claimsSupported ? new Set(input.claimsSupported) : undefined;
  const requests = { ...(input.claims?.[target] ?? {}) };
  const names = new Set<string>();
  if (includeScope) {
    for (const c of claimsForScopes(input.scopes, input.scopeClaims ?? SCOPE_CLAIMS)) names.add(c);
  }
  for (const c of Object.keys(requests)) names.add(c);
  const asked = [...names].filter(
    (n) => !PROTECTED_ID_TOKEN_CLAIMS.has(n) && (!supported || supported.has(n)),
  );
  return {
    names: asked,
    essential: asked.filter((n) => requests[n]?.essential === true),
    requests,
  };
}

/**
 * Keeps of the application's claims only those requested, so a `findClaims` that answers
 * with the whole profile releases no more than the End-User consented to. `undefined`
 * values are dropped.
 *
 * @example
 * const released = pickClaims(await app.findClaims(user, names), requested);
 */
export function pickClaims(
  found: Readonly<Record<string, unknown>> | null | undefined,
  requested: Pick<RequestedClaims, 'names'>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!found) return out;
  for (const name of requested.names) {
    if (Object.hasOwn(found, name) && found[name] !== undefined) out[name] = found[name];
  }
  return out;
}
