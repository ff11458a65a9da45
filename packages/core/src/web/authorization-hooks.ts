import type { AuthorizationInteraction } from '../grants/authorization-extension.js';
import type { AuthorizationRequest } from '../grants/authorization-grant.js';
import type { User } from '../models/user.js';
import type { Params } from '../request/params.js';

/**
 * The application's side of the authorization endpoint, already bound to one request by
 * the binding: who is logged in, how to log in, the consent page, and the decision.
 * `R` is whatever the framework's hooks produce (a `Response`, a reply, nothing).
 */
export interface BoundAuthorizationHooks<R> {
  /** The logged-in end user, or `null`. */
  getUser(): Promise<User | null> | User | null;
  /** Answers a request that has no logged-in user (typically a redirect to a login page). */
  login(): Promise<R> | R;
  /** Answers a validated GET with the app's consent page. */
  renderConsent(authorization: AuthorizationRequest, user: User): Promise<R> | R;
  /**
   * The end user's decision on a POST: `true` grants, anything else denies. `form` is the
   * body as the core parsed it (read once). Check the app's CSRF token here.
   */
  getConsent(form: Params): Promise<boolean> | boolean;
  /** What the app knows of the sign-in behind this request; see {@link BindingAuthorizationHooks.getInteraction}. */
  getInteraction?():
    | Promise<AuthorizationInteraction | undefined>
    | AuthorizationInteraction
    | undefined;
}

const HOOKS = ['getUser', 'login', 'renderConsent', 'getConsent'] as const;

/**
 * Whether the options of a binding serve the authorization endpoint: all four hooks, or
 * none of them (a server with only token-style endpoints). Anything in between is a
 * configuration mistake and throws a `TypeError` at construction.
 */
export function hasAuthorizationHooks(options: object, where: string): boolean {
  const record = options as Record<string, unknown>;
  if (HOOKS.every((name) => record[name] === undefined)) return false;
  const bad = HOOKS.filter((name) => typeof record[name] !== 'function');
  if (bad.length > 0) {
    throw new TypeError(
      `${where}: the authorization endpoint needs the functions ${HOOKS.join(', ')}; missing or not a function: ${bad.join(', ')}`,
    );
  }
  return true;
}

/**
 * The authorization-endpoint hooks a framework binding takes, over the framework's own
 * request and response types (all four, or none to serve only the token-style endpoints and
 * the metadata). `login` and `renderConsent` answer the way the framework's handlers do.
 */
export interface BindingAuthorizationHooks<Req, Res, R = void> {
  /** The logged-in end user (from the app's session), or `null`. */
  getUser?(req: Req): Promise<User | null> | User | null;
  /** Answers when nobody is logged in: usually a redirect to the login page. */
  login?(req: Req, res: Res): Promise<R> | R;
  /** Renders the consent page for a validated GET request. */
  renderConsent?(
    req: Req,
    res: Res,
    authorization: AuthorizationRequest,
    user: User,
  ): Promise<R> | R;
  /**
   * The end user's decision on a POST: `true` grants, anything else denies. Check the app's
   * CSRF token here. `form` is the body as the core parsed it (read once).
   */
  getConsent?(req: Req, form: Params): Promise<boolean> | boolean;
  /**
   * Optional, for OpenID Connect: what the app knows of the end user's sign-in for this
   * request: `session.authTime` (for `max_age` and `auth_time`), `completed.login` when the
   * user signed in for this very request (so `prompt=login` and `max_age=0` can be met),
   * and `extensions` (`authTime`, `acr`, `amr`) kept with the code. Asked on every request
   * to the authorization endpoint; when the request demands a new sign-in, `login` answers
   * instead of `renderConsent`.
   */
  getInteraction?(
    req: Req,
  ): Promise<AuthorizationInteraction | undefined> | AuthorizationInteraction | undefined;
}

/**
 * The hooks of a binding bound to one request: what `serveEndpoint` calls. Only call it
 * when {@link hasAuthorizationHooks} said the four hooks are there.
 *
 * @example
 * const outcome = await serveEndpoint(server, name, request, bindAuthorizationHooks(options, req, res));
 */
export function bindAuthorizationHooks<Req, Res, R>(
  hooks: BindingAuthorizationHooks<Req, Res, R>,
  req: Req,
  res: Res,
): BoundAuthorizationHooks<R> {
  const all = hooks as Required<BindingAuthorizationHooks<Req, Res, R>>;
  return {
    getUser: () => all.getUser(req),
    login: () => all.login(req, res),
    renderConsent: (authorization, user) => all.renderConsent(req, res, authorization, user),
    getConsent: (form) => all.getConsent(req, form),
    getInteraction: () => hooks.getInteraction?.(req),
  };
}
