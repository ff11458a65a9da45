/** The resource owner, as Authlib's user model: anything with a stable id. */
export interface User {
  getUserId(): string;
  /** Shown as `username` in introspection responses when present. */
  getUsername?(): string | undefined;
  /**
   * When the end user signed in, in seconds since the epoch: OpenID Connect's `auth_time`
   * and `max_age` read it when the application passes no `interaction` (the framework
   * bindings' `getUser`).
   */
  getAuthTime?(): number | undefined;
}

/** A minimal {@link User} for an id read back from a store. */
export function userFromId(id: string): User {
  return { getUserId: () => id };
}
