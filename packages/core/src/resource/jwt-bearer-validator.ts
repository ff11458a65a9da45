import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { DEFAULTS } from '../config/defaults.js';
import { digestToken } from '../crypto/digest.js';
import {
  InsufficientScopeError,
  InvalidTokenError,
  TemporarilyUnavailableError,
} from '../errors/errors.js';
import {
  isSigningAlgorithm,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from '../keys/signing-algorithm.js';
import { createToken, type Token } from '../models/token.js';
import type { BearerTokenValidator } from './bearer-token-validator.js';
import { isDpopPresented } from './dpop-presented.js';
import {
  bearerChallenge,
  checkRequiredScopes,
  insufficientScope,
  readBearerToken,
} from './read-bearer-token.js';

/** Options of {@link createJwtBearerValidator}. */
export interface JwtBearerValidatorOptions {
  /** The authorization server's issuer identifier: `iss` must be exactly this. */
  issuer: string;
  /** This resource server's audience value(s): `aud` must hold one of them (RFC 9068 4). */
  audience: string | readonly string[];
  /** The authorization server's public keys, given (one of `jwks` and `jwksUri`). */
  jwks?: JSONWebKeySet;
  /**
   * Where the authorization server publishes its keys (its `jwks_uri`): https, or http for a
   * loopback host. Cached, and fetched again when a token names an unknown `kid`.
   */
  jwksUri?: string;
  /**
   * How soon a token naming an unknown `kid` may fetch `jwksUri` again, in seconds (a
   * rotation at the issuer); default 30. Tokens with made-up `kid`s cannot make it fetch more.
   */
  jwksCooldownSeconds?: number;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds; default 0. */
  clockToleranceSeconds?: number;
  /** Accepted JWS algorithms; default every asymmetric one the server signs with. */
  algorithms?: readonly SigningAlgorithm[];
  /** `realm` of the `WWW-Authenticate` challenge (RFC 6750 3). */
  realm?: string;
  /** The clock, for tests; default now. */
  now?: () => Date;
}

/** A JWT access token a {@link createJwtBearerValidator} accepted: a {@link Token}, plus its claims. */
export interface JwtAccessToken extends Token {
  /** The verified claims (RFC 9068 2.2). */
  readonly claims: JWTPayload;
}

const REQUIRED_CLAIMS = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

/**
 * The resource-server side of RFC 9068, for a process apart from the authorization server:
 * validates `Authorization: Bearer` JWT access tokens locally, with the server's public keys
 * (`jwks`, or `jwksUri` fetched through `jose` and cached). Checked (RFC 9068 4): `typ`
 * `at+jwt`, the signature with an allowed asymmetric algorithm (never `none`, never HMAC),
 * `iss`, `aud`, `exp`, `nbf`, and the required claims; then the route's scopes. Refusals are
 * RFC 6750's: 401 `invalid_token` with an `error_description`, 403 `insufficient_scope`; a
 * key set that cannot be fetched is 503. It never calls back: a revoked token stays valid
 * here until it expires (introspection is the strict mode).
 *
 * @example
 * const validator = createJwtBearerValidator({
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://api.example.com/',
 *   jwksUri: 'https://auth.example.com/jwks',
 * });
 * const protector = new ResourceProtector(validator);
 */
export function createJwtBearerValidator(options: JwtBearerValidatorOptions): BearerTokenValidator {
  const { issuer, realm = DEFAULTS.realm } = checkOptions(options);
  const audience =
    typeof options.audience === 'string' ? [options.audience] : [...options.audience];
  const algorithms = [...(options.algorithms ?? SIGNING_ALGORITHMS)];
  const tolerance = options.clockToleranceSeconds ?? DEFAULTS.jwtBearer.clockToleranceSeconds;
  const keys: JWTVerifyGetKey = options.jwks
    ? createLocalJWKSet(options.jwks)
    : createRemoteJWKSet(new URL(options.jwksUri!), {
        cacheMaxAge: DEFAULTS.jwtBearer.jwksCacheMaxAgeSeconds * 1000,
        cooldownDuration:
          (options.jwksCooldownSeconds ?? DEFAULTS.jwtBearer.jwksCooldownSeconds) * 1000,
        timeoutDuration: DEFAULTS.jwtBearer.jwksTimeoutMs,
      });
  const refuse = (description: string) =>
    new InvalidTokenError({
      description,
      headers: bearerChallenge(
        realm,
        `, error="invalid_token", error_description="${description}"`,
      ),
    });

  return async (request, requiredScopes = []) => {
    checkRequiredScopes(requiredScopes);
    const value = readBearerToken(request, realm);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(value, keys, {
        typ: 'at+jwt',
        issuer,
        audience,
        algorithms,
        clockTolerance: tolerance,
        requiredClaims: REQUIRED_CLAIMS,
        ...(options.now ? { currentDate: options.now() } : {}),
      }));
    } catch (e) {
      throw refusal(e, refuse);
    }
    if (typeof payload.client_id !== 'string' || typeof payload.sub !== 'string') {
      throw refuse('The access token lacks required claims');
    }
    if (payload.scope !== undefined && typeof payload.scope !== 'string') {
      throw refuse('The access token scope is malformed');
    }
    // RFC 9449 7.2: a token with cnf.jkt needs the protector's DPoP check (rule 37).
    if (payload.cnf !== undefined && !isDpopPresented(request)) {
      throw refuse('The access token is bound to a DPoP key');
    }
    const token = tokenOf(value, payload);
    if (!token.hasScopes(requiredScopes)) {
      throw new InsufficientScopeError({ headers: insufficientScope(realm, requiredScopes) });
    }
    return token;
  };
}

// Fixed descriptions only: nothing from the token (or from jose's messages) reaches the client.
function refusal(e: unknown, refuse: (description: string) => InvalidTokenError): Error {
  const code = (e as { code?: unknown })?.code;
  const claim = (e as { claim?: unknown })?.claim;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return refuse('The access token expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'aud') return refuse('The access token is not for this resource');
      if (claim === 'iss') return refuse('The access token comes from another issuer');
      if (claim === 'typ') return refuse('The token is not a JWT access token (typ at+jwt)');
      if (claim === 'nbf' || claim === 'iat') return refuse('The access token is not valid yet');
      return refuse('The access token lacks required claims');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return refuse('The access token algorithm is not allowed');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return refuse('No key of the issuer matches the access token');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return refuse('The access token signature is invalid');
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
    case 'ERR_JOSE_GENERIC':
      // The issuer's keys could not be had: nothing is known about the token yet.
      return new TemporarilyUnavailableError({ cause: e });
    default:
      if (typeof code === 'string' && code.startsWith('ERR_J')) {
        return refuse('The access token is malformed');
      }
      // Not jose's verdict on the token (a network failure fetching the keys, say).
      return new TemporarilyUnavailableError({ cause: e });
  }
}

/** RFC 9449 6.1: the key a token is bound to, from its `cnf.jkt` claim. */
function dpopBinding(claims: JWTPayload): { dpopJkt?: string } {
  const cnf = claims.cnf as { jkt?: unknown } | undefined;
  return typeof cnf?.jkt === 'string' ? { dpopJkt: cnf.jkt } : {};
}

/** The {@link Token} view of verified claims, for routes written against opaque tokens. */
function tokenOf(value: string, claims: JWTPayload): JwtAccessToken {
  const clientId = claims.client_id as string;
  const issuedAt = new Date((claims.iat as number) * 1000);
  const aud = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  const token = createToken({
    accessTokenDigest: digestToken(value),
    refreshTokenDigest: null,
    familyId: String(claims.jti),
    clientId,
    // RFC 9068 2.2: a token without a resource owner carries the client id as `sub`.
    userId: claims.sub === clientId ? null : (claims.sub as string),
    scope: (claims.scope as string | undefined) ?? '',
    tokenType: 'Bearer',
    grantType: '',
    issuedAt,
    accessTokenExpiresAt: new Date((claims.exp as number) * 1000),
    refreshTokenExpiresAt: null,
    revokedAt: null,
    rotatedAt: null,
    extensions: { accessTokenResource: [...aud], ...dpopBinding(claims) },
  });
  return Object.assign(token, { claims });
}

function checkOptions(options: JwtBearerValidatorOptions): JwtBearerValidatorOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createJwtBearerValidator needs { issuer, audience, jwks | jwksUri }');
  }
  if (typeof options.issuer !== 'string' || !URL.canParse(options.issuer)) {
    throw new TypeError('createJwtBearerValidator: issuer must be the issuer URL');
  }
  const audience = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (
    !Array.isArray(audience) ||
    audience.length === 0 ||
    audience.some((a) => typeof a !== 'string' || a === '')
  ) {
    throw new TypeError('createJwtBearerValidator: audience must be a non-empty string or list');
  }
  if ((options.jwks === undefined) === (options.jwksUri === undefined)) {
    throw new TypeError('createJwtBearerValidator: give exactly one of jwks and jwksUri');
  }
  if (options.jwksUri !== undefined) {
    const url = URL.canParse(options.jwksUri) ? new URL(options.jwksUri) : null;
    const loopback = url !== null && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback))) {
      throw new TypeError(
        'createJwtBearerValidator: jwksUri must be an https URL (http for loopback only)',
      );
    }
  }
  if (options.jwks !== undefined) {
    const keys = (options.jwks as { keys?: unknown })?.keys;
    if (
      !Array.isArray(keys) ||
      keys.some(
        (k) =>
          typeof k !== 'object' || k === null || (k as { kty?: unknown }).kty === 'oct' || 'd' in k,
      )
    ) {
      throw new TypeError(
        'createJwtBearerValidator: jwks must be a public JWKS (no oct or private keys)',
      );
    }
  }
  if (
    options.algorithms !== undefined &&
    (!Array.isArray(options.algorithms) ||
      options.algorithms.length === 0 ||
      options.algorithms.some((a) => !isSigningAlgorithm(a)))
  ) {
    throw new TypeError(
      `createJwtBearerValidator: algorithms must be a non-empty list of ${SIGNING_ALGORITHMS.join(', ')} (never none or HMAC)`,
    );
  }
  const cooldown = options.jwksCooldownSeconds;
  if (cooldown !== undefined && (!Number.isInteger(cooldown) || cooldown < 0 || cooldown > 3600)) {
    throw new TypeError('createJwtBearerValidator: jwksCooldownSeconds must be 0 to 3600');
  }
  const tolerance = options.clockToleranceSeconds;
  if (
    tolerance !== undefined &&
    (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300)
  ) {
    throw new TypeError('createJwtBearerValidator: clockToleranceSeconds must be 0 to 300');
  }
  if (
    options.realm !== undefined &&
    (typeof options.realm !== 'string' || /["\\\r\n]/.test(options.realm))
  ) {
    throw new TypeError(
      'createJwtBearerValidator: realm must be a string without quotes, backslashes or newlines',
    );
  }
  return options;
}
