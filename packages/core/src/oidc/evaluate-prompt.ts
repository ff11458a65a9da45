import { InvalidRequestError } from '../errors/errors.js';
import type { OAuth2Error } from '../errors/oauth2-error.js';
import {
  ConsentRequiredError,
  InteractionRequiredError,
  LoginRequiredError,
} from './oidc-errors.js';

/** The `prompt` values understood (OpenID Connect Core 3.1.2.1). */
export const PROMPT_VALUES = ['none', 'login', 'consent', 'select_account'] as const;

/** One of {@link PROMPT_VALUES}. */
export type PromptValue = (typeof PROMPT_VALUES)[number];

/** The parts of the authentication request that decide on interaction. */
export interface PromptRequest {
  /** The `prompt` parameter as sent (space-separated). */
  prompt?: string;
  /** The `max_age` parameter as sent (seconds), or a client's `default_max_age`. */
  maxAge?: string | number;
  /** `sub` of the `id_token_hint`, once verified (see `SigningKeySet.verify` with `allowExpired`). */
  idTokenHintSubject?: string;
  /** The `login_hint` parameter: handed to the login page, never compared here. */
  loginHint?: string;
}

/** What the application knows about the End-User's session. */
export interface PromptSession {
  /** `sub` of the signed-in End-User as this client sees it (pairwise if so); absent = no session. */
  subject?: string | null;
  /** When the End-User signed in, in seconds since the epoch. */
  authTime?: number;
  /** Whether the End-User already consented to everything this request asks. */
  consentGiven?: boolean;
  /**
   * Another interaction the application needs before it can answer (accept new terms, a
   * second factor, ...): shown as `interact`, or `interaction_required` under `prompt=none`.
   */
  pendingInteraction?: string;
}

/** What the End-User already did for this very authorization request (oidc-provider's interaction result). */
export interface CompletedInteraction {
  login?: boolean;
  consent?: boolean;
  selectAccount?: boolean;
}

/** Input of {@link evaluatePrompt}. */
export interface EvaluatePromptInput {
  request: PromptRequest;
  session: PromptSession;
  completed?: CompletedInteraction;
  /** The current time in seconds since the epoch. */
  now: number;
}

/** Facts about the request every decision but a parameter error carries. */
export interface PromptFacts {
  prompts: PromptValue[];
  maxAge: number | undefined;
  /** `auth_time` must be in the ID token (`max_age` or `prompt=login` was sent: Core 3.1.2.1). */
  authTimeRequired: boolean;
}

/** What to do with an authentication request. */
export type PromptDecision =
  | ({ action: 'proceed' } & PromptFacts)
  | ({
      action: 'login';
      reason: 'no_session' | 'prompt_login' | 'max_age' | 'id_token_hint';
      loginHint?: string;
    } & PromptFacts)
  | ({ action: 'select_account'; loginHint?: string } & PromptFacts)
  | ({ action: 'consent'; reason: 'prompt_consent' | 'consent_missing' } & PromptFacts)
  | ({ action: 'interact'; reason: string } & PromptFacts)
  | { action: 'error'; error: OAuth2Error };

/**
 * Decides what an authentication request needs (OpenID Connect Core 3.1.2.1, 3.1.2.3,
 * 3.1.2.6), in oidc-provider's order: login checks, then consent, then the application's own.
 * `prompt=none` never asks for a page: what would need one becomes `login_required`,
 * `consent_required` or `interaction_required` (SECURITY.md rule 39). Malformed `prompt`
 * (an unknown value, `none` with another) or `max_age` is `invalid_request`. Pure.
 *
 * `prompt=login`, `prompt=consent`, `prompt=select_account` and `max_age` are satisfied once
 * `completed` says the End-User did that step for this request; `max_age=0` therefore means
 * "sign in again now", as oidc-provider turns it into `prompt=login`.
 *
 * @example
 * const d = evaluatePrompt({ request: { prompt: 'none' }, session: {}, now });
 * // { action: 'error', error: LoginRequiredError }
 */
export function evaluatePrompt({
  request,
  session,
  completed = {},
  now,
}: EvaluatePromptInput): PromptDecision {
  const prompts = parsePrompt(request.prompt);
  if (!Array.isArray(prompts)) return { action: 'error', error: prompts };
  const maxAge = parseMaxAge(request.maxAge);
  if (maxAge instanceof InvalidRequestError) return { action: 'error', error: maxAge };

  const facts: PromptFacts = {
    prompts,
    maxAge,
    authTimeRequired: maxAge !== undefined || prompts.includes('login'),
  };
  const none = prompts.includes('none');
  const hint = request.loginHint !== undefined ? { loginHint: request.loginHint } : {};
  const login = (
    reason: 'no_session' | 'prompt_login' | 'max_age' | 'id_token_hint',
  ): PromptDecision =>
    none
      ? { action: 'error', error: new LoginRequiredError({ description: LOGIN_REASONS[reason] }) }
      : { action: 'login', reason, ...hint, ...facts };

  if ((prompts.includes('login') || maxAge === 0) && !completed.login) return login('prompt_login');
  if (prompts.includes('select_account') && !completed.selectAccount) {
    return { action: 'select_account', ...hint, ...facts };
  }
  if (!session.subject) return login('no_session');
  if (maxAge !== undefined && !completed.login) {
    if (session.authTime === undefined || now - session.authTime > maxAge) return login('max_age');
  }
  if (request.idTokenHintSubject !== undefined && request.idTokenHintSubject !== session.subject) {
    return login('id_token_hint');
  }

  if (prompts.includes('consent') && !completed.consent) {
    return { action: 'consent', reason: 'prompt_consent', ...facts };
  }
  if (!session.consentGiven && !completed.consent) {
    return none
      ? { action: 'error', error: new ConsentRequiredError() }
      : { action: 'consent', reason: 'consent_missing', ...facts };
  }

  if (session.pendingInteraction !== undefined) {
    return none
      ? { action: 'error', error: new InteractionRequiredError() }
      : { action: 'interact', reason: session.pendingInteraction, ...facts };
  }
  return { action: 'proceed', ...facts };
}

const LOGIN_REASONS = {
  no_session: 'End-User authentication is required',
  prompt_login: 'End-User authentication is required',
  max_age: 'End-User authentication is older than max_age',
  id_token_hint: 'id_token_hint and the signed-in End-User do not match',
} as const;

/**
 * The `prompt` values, without duplicates; an unknown value or `none` with another value is
 * an `InvalidRequestError` (returned, not thrown), as oidc-provider answers.
 */
export function parsePrompt(prompt: string | undefined): PromptValue[] | InvalidRequestError {
  if (prompt === undefined || prompt === '') return [];
  const values = [...new Set(prompt.split(' ').filter((v) => v !== ''))];
  for (const v of values) {
    if (!(PROMPT_VALUES as readonly string[]).includes(v)) {
      return new InvalidRequestError({ description: 'unsupported prompt value requested' });
    }
  }
  if (values.includes('none') && values.length > 1) {
    return new InvalidRequestError({ description: 'prompt none must only be used alone' });
  }
  return values as PromptValue[];
}

/** `max_age` as a non-negative integer of seconds; anything else is an `InvalidRequestError` (returned). */
export function parseMaxAge(
  maxAge: string | number | undefined,
): number | undefined | InvalidRequestError {
  if (maxAge === undefined || maxAge === '') return undefined;
  const n =
    typeof maxAge === 'number' ? maxAge : /^\d{1,15}$/.test(maxAge) ? Number(maxAge) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    return new InvalidRequestError({ description: 'invalid max_age parameter value' });
  }
  return n;
}
