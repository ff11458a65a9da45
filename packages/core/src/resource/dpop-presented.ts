/**
 * Requests whose access token came with `Authorization: DPoP` and a proof the resource
 * protector checks: the validators accept a DPoP-bound token only for these, so that one
 * used on its own never accepts such a token as a bearer token (RFC 9449 7.2, rule 37).
 */
const presented = new WeakSet<object>();

/** Marks the bearer view of a DPoP request, before the validator sees it. */
export function markDpopPresented(request: object): void {
  presented.add(request);
}

/** Whether `request` is the bearer view of a DPoP request (see {@link markDpopPresented}). */
export function isDpopPresented(request: object): boolean {
  return presented.has(request);
}
