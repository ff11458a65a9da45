import { jsonObject, type ResponseSnapshot } from './response-snapshot.js';

const ERROR_KEYS = new Set(['error', 'error_description', 'error_uri']);

// RFC 6749 5.2 limits error_description to %x20-21 / %x23-5B / %x5D-7E. Translations may
// leave ASCII (JSON escapes them), but control characters, quotes and backslashes never fit.
const FORBIDDEN_IN_DESCRIPTION = /[\p{Cc}"\\]/u;

/**
 * Checks a JSON OAuth error body (RFC 6749 5.2): an object with a string `error` from
 * `codes`, optionally `error_description` and `error_uri`, nothing else. Returns the
 * problems found (empty when well-formed) and the error code.
 */
export function checkErrorBody(
  answer: ResponseSnapshot,
  codes: ReadonlySet<string>,
): { problems: string[]; error: string | null } {
  const problems: string[] = [];
  if (!/^application\/json/i.test(answer.headers['content-type'] ?? '')) {
    problems.push(`content-type is ${answer.headers['content-type'] ?? 'missing'}, not JSON`);
  }
  const body = jsonObject(answer.body);
  if (!body) return { problems: [...problems, 'body is not a JSON object'], error: null };
  const { error, error_description: description, error_uri: uri } = body;
  if (typeof error !== 'string') {
    return { problems: [...problems, '`error` is not a string'], error: null };
  }
  if (!codes.has(error)) problems.push(`error ${JSON.stringify(error)} is not an allowed code`);
  for (const key of Object.keys(body)) {
    if (!ERROR_KEYS.has(key)) problems.push(`unexpected key ${JSON.stringify(key)} in an error`);
  }
  if (description !== undefined) {
    if (typeof description !== 'string') problems.push('error_description is not a string');
    else if (FORBIDDEN_IN_DESCRIPTION.test(description)) {
      problems.push(`error_description has a forbidden character: ${JSON.stringify(description)}`);
    }
  }
  if (uri !== undefined && typeof uri !== 'string') problems.push('error_uri is not a string');
  return { problems, error };
}
