/**
 * A response read once into plain data, so checks can look at it as often as they like and
 * print it in a counterexample. Header names are lower-case.
 */
export interface ResponseSnapshot {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Reads a Fetch `Response` (its body included) into a {@link ResponseSnapshot}.
 *
 * @example
 * const answer = await snapshotResponse(await server.createTokenResponse(request));
 */
export async function snapshotResponse(response: Response): Promise<ResponseSnapshot> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

/** The body as a JSON object, or `null` when it is not one. */
export function jsonObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
