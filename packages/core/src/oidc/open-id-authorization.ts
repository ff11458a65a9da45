import type { ClaimsRequest } from './claims-parameter.js';
import type { PromptDecision } from './evaluate-prompt.js';

/**
 * What an OpenID Connect authentication request demands, on `AuthorizationRequest.openid`
 * (filled while the request is validated, when `openid` is requested and OpenID Connect is
 * enabled): the application reads it on its consent page to decide between login, account
 * selection, consent and answering.
 */
export interface OpenIdAuthorization {
  /**
   * `evaluatePrompt`'s answer for this request and what the application said about the
   * session (`validateConsentRequest`'s `interaction`): `proceed`, `login`,
   * `select_account`, `consent` or `interact`. Under `prompt=none` anything but `proceed`
   * was already answered by redirect with an error.
   */
  decision: Exclude<PromptDecision, { action: 'error' }>;
  /** `max_age` (or the client's `default_max_age`), in seconds. */
  maxAge?: number;
  /** `login_hint` as sent: for the login page. */
  loginHint?: string;
  /** `sub` of a verified `id_token_hint`, as this client sees it. */
  idTokenHintSubject?: string;
  /** `acr_values`, in order of preference (Core 3.1.2.1). */
  acrValues?: string[];
  /** The parsed `claims` parameter (also kept in `extensions.claims`). */
  claims?: ClaimsRequest;
}
