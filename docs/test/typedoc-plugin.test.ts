import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain ES module loaded by TypeDoc, without type declarations
import { documented, exportName } from '../scripts/typedoc-plugin.mjs';

// The API reference's own rules; the full TypeDoc run is `pnpm docs:build`.

describe('the TypeDoc plugin', () => {
  test('names modules after the package exports they document', () => {
    expect(exportName('core/src')).toBe('@oauthkit/core');
    expect(exportName('core/src/binding')).toBe('@oauthkit/core/binding');
    expect(exportName('drizzle/src/tables/pg')).toBe('@oauthkit/drizzle/pg');
    expect(exportName('somewhere/else')).toBeNull();
  });

  const reflection = (comment: boolean, signatures?: boolean[]) => ({
    hasComment: () => comment,
    signatures: signatures?.map((c) => ({ hasComment: () => c })),
  });

  test('counts an export as documented by its own comment or by every signature', () => {
    expect(documented(reflection(true))).toBe(true);
    expect(documented(reflection(false, [true, true]))).toBe(true);
  });

  test('refuses an export without a comment, or with an undocumented overload', () => {
    expect(documented(reflection(false))).toBe(false);
    expect(documented(reflection(false, []))).toBe(false);
    expect(documented(reflection(false, [true, false]))).toBe(false);
  });
});
