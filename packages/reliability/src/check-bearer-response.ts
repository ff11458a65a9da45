import { checkErrorBody } from './check-error-body.js';
import { ERROR_CODES } from './oauth-error-codes.js';
import { jsonObject, type ResponseSnapshot } from './response-snapshot.js';

const STATUS_OF: Record<string, number> = {
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
};

/**
 * Checks a refusal of the bearer-token validator (RFC 6750 3, 3.1): a `WWW-Authenticate:
 * Bearer realm="..."` challenge; without an `error` in it (no credentials were sent) a 401
 * with no error code anywhere; with one, a JSON body carrying the same code and the status
 * that code calls for (400, 401, 403). `storeFailures` also allows 503
 * `temporarily_unavailable`.
 *
 * @example
 * const result = await protector.protectWebRequest(request, ['read']);
 * if (!result.ok) expect(checkBearerRefusal(await snapshotResponse(result.response))).toEqual([]);
 */
export function checkBearerRefusal(
  answer: ResponseSnapshot,
  options: { storeFailures?: boolean } = {},
): string[] {
  if (options.storeFailures && answer.status === 503) {
    const codes = new Set(['temporarily_unavailable']);
    return checkErrorBody(answer, codes).problems;
  }
  const challenge = answer.headers['www-authenticate'];
  if (challenge === undefined || !/^Bearer realm="[^"]*"/.test(challenge)) {
    return [`no Bearer realm challenge: ${challenge ?? 'missing'}`];
  }
  const challenged = /error="([^"]*)"/.exec(challenge)?.[1];
  if (challenged === undefined) {
    const problems = answer.status === 401 ? [] : [`a bare challenge with ${answer.status}`];
    if (answer.body !== '' && jsonObject(answer.body)?.error !== undefined) {
      problems.push('an error code in the body of a bare challenge');
    }
    return problems;
  }
  const { problems, error } = checkErrorBody(answer, ERROR_CODES.bearer);
  if (challenged !== error) {
    problems.push(`challenge error ${challenged} but body error ${String(error)}`);
  }
  if (STATUS_OF[challenged] !== answer.status) {
    problems.push(`${challenged} answered with ${answer.status}`);
  }
  return problems;
}
