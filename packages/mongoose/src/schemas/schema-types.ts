const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * A hex SHA-256 digest (`digestToken`, `digestSecret`). Refusing anything else at write time
 * means a bug that passes a raw token or secret to a store fails loudly instead of leaving
 * the secret in the database (SECURITY.md 26).
 */
export function digestPath(options: { required: boolean }) {
  return {
    type: String,
    ...(options.required ? { required: true } : { default: null }),
    // Not `match`: Mongoose's match validator lets an empty string through.
    validate: {
      validator: (value: unknown) =>
        value === null || (typeof value === 'string' && HEX_SHA256.test(value)),
      message: '{PATH} must be a hex SHA-256 digest, never the raw value',
      type: 'digest',
    },
  };
}

/** A date that stays `null` until something happens (revoked, rotated, consumed, ...). */
export function nullableDatePath() {
  return { type: Date, default: null };
}

/** A string that is nullable in the contract (`redirectUri`, `nonce`, `userId`, ...). */
export function nullableStringPath() {
  return { type: String, default: null };
}

/**
 * A string that must be present but may be empty: `''` is a valid scope (RFC 6749 3.3 allows
 * a client no scope at all), and Mongoose's `required` refuses empty strings.
 */
export function presentStringPath(path: string) {
  function isMissing(this: { get(path: string): unknown }): boolean {
    return typeof this.get(path) !== 'string';
  }
  return {
    type: String,
    required: [isMissing, `${path} is required (it may be empty)`] as [() => boolean, string],
  };
}

/** A string array that must be present (an empty array is fine). */
export function requiredStringArrayPath() {
  // Without `default: undefined` Mongoose fills in `[]` and `required` can never fail.
  return { type: [String], required: true, default: undefined };
}
