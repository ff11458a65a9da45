import { checkErrorBody } from './check-error-body.js';
import { ERROR_CODES } from './oauth-error-codes.js';
import type { ResponseSnapshot } from './response-snapshot.js';

const STATUS_OF: Record<string, number> = {
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
};

/**
 * Checks a refusal of the bearer-token validator (RFC 6750 3, 3.1): 400, 401 or 403 with a
 * `WWW-Authenticate: Bearer realm="..."` challenge whose `error` (when present) is the
 * body's, and the status that error calls for. A 401 may carry a bare challenge (no
 * credentials sent). `storeFailures` also allows 503 `temporarily_unavailable`.
 *
 * @example
 * const result = await protector.protectWebRequest(request, ['read']);
 * if (!result.ok) expect(checkBearerRefusal(await snapshotResponse(result.response))).toEqual([]);
 */
export function checkBearerRefusal(
  answer: ResponseSnapshot,
  options: { storeFailures?: boolean } = {},
): string[] {
  const codes = options.storeFailures
    ? new Set([...ERROR_CODES.bearer, 'temporarily_unavailable'])
    : ERROR_CODES.bearer;
  const { problems, error } = checkErrorBody(answer, codes);
  if (error === 'temporarily_unavailable') {
    return answer.status === 503 ? problems : [...problems, `${error} with ${answer.status}`];
  }
  const challenge = answer.headers['www-authenticate'];
  if (challenge === undefined || !/^Bearer realm="[^"]*"/.test(challenge)) {
    return [...problems, `no Bearer realm challenge: ${challenge ?? 'missing'}`];
  }
  const challenged = /error="([^"]*)"/.exec(challenge)?.[1];
  if (challenged !== undefined && challenged !== error) {
    problems.push(`challenge error ${challenged} but body error ${String(error)}`);
  }
  if (challenged === undefined && answer.status !== 401) {
    problems.push(`a bare challenge with status ${answer.status}`);
  }
  if (error !== null && STATUS_OF[error] !== answer.status) {
    problems.push(`${error} answered with ${answer.status}`);
  }
  return problems;
}
